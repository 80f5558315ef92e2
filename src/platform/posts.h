// New-media post lists (发布记录) imported into a campaign: an account's export
// (CSV or JSON, the format of `govscore checklist posts`, docs/checklist.md)
// becomes the unit's newmedia.* measures over the campaign's window — and, for
// an account of a channel (政务微博, 政务微信 …), that channel's
// channel.<channel>.* measures, which the channel-weighted frameworks read.
// A later import for the same unit and channel supersedes the earlier one.
#pragma once

#include <string>
#include <vector>

#include "store/store.h"

namespace govscore::platform {

struct PostsImport {
  size_t posts = 0;                      // posts read from the file
  size_t in_window = 0;                  // of them, dated in the window
  std::string from, as_of;               // the window (YYYY-MM-DD)
  std::vector<store::Measure> measures;  // as stored
};

// Admins and organisers; not in published or archived campaigns. `channel`:
// one of the unit's new-media channels, or "" when the unit is itself the
// account (gb2019-newmedia: one unit per account). The window is the
// campaign's period (period_from … period_to, else its 监测时间点), two weeks
// before the 监测时间点 when it has no start. `file_name` decides the format
// (.json, else CSV). Bad files → InvalidInput naming the row.
PostsImport ImportPosts(store::Store& store, const store::Actor& actor, store::Id campaign_id,
                        store::Id unit_id, const std::string& channel, const std::string& file_name,
                        const std::string& content);

}  // namespace govscore::platform
