// Settings of the installation (migration 6): named values every process
// reads from the store, e.g. the alert webhook set in the UI.
#include "store/sql_store.h"

namespace govscore::store {

std::optional<std::string> SqlStore::FindSetting(const std::string& key) {
  Rows r = db_->Query("SELECT value FROM settings WHERE name = ?", {key});
  if (r.empty()) return std::nullopt;
  return r[0].Text(0);
}

void SqlStore::SaveSetting(const Actor& actor, const std::string& key, const std::string& value) {
  Require(!key.empty(), "a setting needs a name", "settings");
  Transaction tx(*db_);
  Rows before = db_->Query("SELECT value FROM settings WHERE name = ?", {key});
  db_->Query(
      "INSERT INTO settings (name, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
      "updated_by = excluded.updated_by",
      {key, value, Now(), actor.name});
  Audit(actor, "setting.save", "setting", std::nullopt,
        before.empty() ? nlohmann::json(nullptr) : nlohmann::json{{key, before[0].Text(0)}},
        {{key, value}});
  tx.Commit();
}

}  // namespace govscore::store
