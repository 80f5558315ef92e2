// New-media post lists (发布记录) of a campaign's units (docs/api.md "New-media
// post lists"): admins and organisers upload an account's export; it becomes
// the unit's newmedia.* (and channel.<channel>.*) measures of the campaign
// (platform/posts.h).
#include <filesystem>

#include "platform/posts.h"
#include "server/api.h"
#include "server/routes.h"

namespace govscore::server {

using nlohmann::json;
using store::Role;

void RegisterPostRoutes(Api& api) {
  api.Post(R"(/api/campaigns/(\d+)/units/(\d+)/posts)", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const store::Campaign camp = GetCampaign(c, c.PathId(1));
    const store::Id unit_id = c.PathId(2);
    RequireCampaignUnit(c, camp, unit_id);
    if (!c.req.is_multipart_form_data() || !c.req.has_file("file"))
      throw BadRequest("缺少上传文件", "file");
    const auto file = c.req.get_file_value("file");
    const std::string name = std::filesystem::path(file.filename).filename().string();
    const std::string ext = std::filesystem::path(name).extension().string();
    if (ext != ".csv" && ext != ".json")
      throw ApiError(415, "unsupported_type", "请上传 .csv 或 .json 格式的发布记录", name);
    if (file.content.size() > static_cast<size_t>(c.config.upload_limit_mb) * 1024 * 1024)
      throw ApiError(413, "too_large", "文件超过上传大小限制", "file");
    const std::string channel =
        c.req.has_file("channel") ? c.req.get_file_value("channel").content : std::string();
    const platform::PostsImport r =
        platform::ImportPosts(c.store, c.actor(), camp.id, unit_id, channel, name, file.content);
    json measures = json::array();
    for (const store::Measure& m : r.measures)
      measures.push_back({{"name", m.name},
                          {"value", json::parse(m.value_json, nullptr, false)},
                          {"channel", m.channel}});
    c.Json({{"posts", r.posts},
            {"in_window", r.in_window},
            {"from", r.from},
            {"as_of", r.as_of},
            {"measures", measures}},
           201);
  });
}

}  // namespace govscore::server
