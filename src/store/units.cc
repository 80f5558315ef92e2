// Units (评估对象) with their websites and new-media accounts.
#include <unordered_map>

#include "store/sql_store.h"

namespace govscore::store {
namespace {

constexpr const char* kUnitCols = "SELECT id, code, name, kind, region, parent_id FROM units ";

nlohmann::json ToJson(const Unit& u) {
  nlohmann::json accounts = nlohmann::json::array();
  for (const auto& a : u.accounts)
    accounts.push_back({{"channel", a.channel}, {"name", a.name}, {"url", a.url}});
  return {{"code", u.code},
          {"name", u.name},
          {"kind", u.kind},
          {"region", u.region},
          {"parent_id", u.parent_id ? nlohmann::json(*u.parent_id) : nlohmann::json()},
          {"websites", u.websites},
          {"accounts", accounts}};
}

void Validate(const Unit& u) {
  Require(!u.code.empty(), "unit code must not be empty", "unit");
  Require(!u.name.empty(), "unit name must not be empty", "unit " + u.code);
  Require(!u.kind.empty(), "unit kind must not be empty", "unit " + u.code);
  for (const auto& a : u.accounts)
    Require(!a.channel.empty(), "new-media account without channel", "unit " + u.code);
}

}  // namespace

void SqlStore::WriteUnitChildren(const Unit& unit, Id id) {
  db_->Query("DELETE FROM unit_websites WHERE unit_id = ?", {id});
  db_->Query("DELETE FROM unit_accounts WHERE unit_id = ?", {id});
  for (size_t i = 0; i < unit.websites.size(); ++i)
    db_->Query("INSERT INTO unit_websites (unit_id, position, url) VALUES (?, ?, ?)",
               {id, static_cast<int64_t>(i), unit.websites[i]});
  for (size_t i = 0; i < unit.accounts.size(); ++i) {
    const auto& a = unit.accounts[i];
    db_->Query(
        "INSERT INTO unit_accounts (unit_id, position, channel, name, url) VALUES (?, ?, ?, ?, ?)",
        {id, static_cast<int64_t>(i), a.channel, a.name, a.url});
  }
}

std::vector<Unit> SqlStore::LoadUnits(const Rows& rows) {
  std::vector<Unit> out;
  std::unordered_map<Id, size_t> index;
  for (const Row& r : rows) {
    Unit u;
    u.id = r.Int(0);
    u.code = r.Text(1);
    u.name = r.Text(2);
    u.kind = r.Text(3);
    u.region = r.Text(4);
    u.parent_id = r.OptInt(5);
    index.emplace(u.id, out.size());
    out.push_back(std::move(u));
  }
  // One unit: its own rows. Several (a listing): every child row in one query
  // each, instead of two queries per unit.
  if (out.empty()) return out;
  const bool one = out.size() == 1;
  const Params params = one ? Params{out[0].id} : Params{};
  Rows websites =
      db_->Query(one ? "SELECT unit_id, url FROM unit_websites WHERE unit_id = ? "
                       "ORDER BY unit_id, position"
                     : "SELECT unit_id, url FROM unit_websites ORDER BY unit_id, position",
                 params);
  for (const Row& w : websites)
    if (auto it = index.find(w.Int(0)); it != index.end())
      out[it->second].websites.push_back(w.Text(1));
  Rows accounts = db_->Query(
      one ? "SELECT unit_id, channel, name, url FROM unit_accounts WHERE unit_id = ? "
            "ORDER BY unit_id, position"
          : "SELECT unit_id, channel, name, url FROM unit_accounts ORDER BY unit_id, position",
      params);
  for (const Row& a : accounts)
    if (auto it = index.find(a.Int(0)); it != index.end())
      out[it->second].accounts.push_back({a.Text(1), a.Text(2), a.Text(3)});
  return out;
}

Id SqlStore::CreateUnit(const Actor& actor, const Unit& unit) {
  Validate(unit);
  Transaction tx(*db_);
  const Millis now = Now();
  Id id = InsertReturningId(
      "INSERT INTO units (code, name, kind, region, parent_id, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {unit.code, unit.name, unit.kind, unit.region, unit.parent_id, now, now});
  WriteUnitChildren(unit, id);
  Audit(actor, "unit.create", "unit", id, nullptr, ToJson(unit));
  tx.Commit();
  return id;
}

void SqlStore::UpdateUnit(const Actor& actor, const Unit& unit) {
  Validate(unit);
  Require(!unit.parent_id || *unit.parent_id != unit.id, "a unit cannot be its own parent",
          "unit " + unit.code);
  Transaction tx(*db_);
  auto before = LoadUnits(db_->Query(std::string(kUnitCols) + "WHERE id = ?", {unit.id}));
  Require(!before.empty(), "no unit with id " + std::to_string(unit.id), "unit");
  db_->Query(
      "UPDATE units SET code = ?, name = ?, kind = ?, region = ?, parent_id = ?, updated_at = ? "
      "WHERE id = ?",
      {unit.code, unit.name, unit.kind, unit.region, unit.parent_id, Now(), unit.id});
  WriteUnitChildren(unit, unit.id);
  Audit(actor, "unit.update", "unit", unit.id, ToJson(before[0]), ToJson(unit));
  tx.Commit();
}

void SqlStore::DeleteUnit(const Actor& actor, Id id) {
  Transaction tx(*db_);
  auto before = LoadUnits(db_->Query(std::string(kUnitCols) + "WHERE id = ?", {id}));
  Require(!before.empty(), "no unit with id " + std::to_string(id), "unit");
  db_->Query("DELETE FROM units WHERE id = ?", {id});
  Audit(actor, "unit.delete", "unit", id, ToJson(before[0]), nullptr);
  tx.Commit();
}

std::optional<Unit> SqlStore::FindUnit(Id id) {
  auto units = LoadUnits(db_->Query(std::string(kUnitCols) + "WHERE id = ?", {id}));
  if (units.empty()) return std::nullopt;
  return std::move(units[0]);
}

std::optional<Unit> SqlStore::FindUnitByCode(const std::string& code) {
  auto units = LoadUnits(db_->Query(std::string(kUnitCols) + "WHERE code = ?", {code}));
  if (units.empty()) return std::nullopt;
  return std::move(units[0]);
}

std::vector<Id> SqlStore::ImportUnits(const Actor& actor, const std::vector<UnitImport>& units) {
  for (const UnitImport& u : units) Validate(u.unit);
  std::vector<Id> ids;
  Transaction tx(*db_);
  const Millis now = Now();
  for (const UnitImport& row : units) {
    Unit unit = row.unit;
    unit.parent_id.reset();
    if (!row.parent_code.empty()) {
      Rows parent = db_->Query("SELECT id FROM units WHERE code = ?", {row.parent_code});
      Require(!parent.empty(), "unknown parent unit code '" + row.parent_code + "'",
              "unit " + unit.code);
      unit.parent_id = parent[0].Int(0);
    }
    auto before = LoadUnits(db_->Query(std::string(kUnitCols) + "WHERE code = ?", {unit.code}));
    if (before.empty()) {
      unit.id = InsertReturningId(
          "INSERT INTO units (code, name, kind, region, parent_id, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {unit.code, unit.name, unit.kind, unit.region, unit.parent_id, now, now});
      WriteUnitChildren(unit, unit.id);
      Audit(actor, "unit.create", "unit", unit.id, nullptr, ToJson(unit));
    } else {
      unit.id = before[0].id;
      Require(unit.parent_id != unit.id, "a unit cannot be its own parent", "unit " + unit.code);
      db_->Query(
          "UPDATE units SET name = ?, kind = ?, region = ?, parent_id = ?, updated_at = ? "
          "WHERE id = ?",
          {unit.name, unit.kind, unit.region, unit.parent_id, now, unit.id});
      WriteUnitChildren(unit, unit.id);
      Audit(actor, "unit.update", "unit", unit.id, ToJson(before[0]), ToJson(unit));
    }
    ids.push_back(unit.id);
  }
  tx.Commit();
  return ids;
}

std::vector<Unit> SqlStore::ListUnits() {
  return LoadUnits(db_->Query(std::string(kUnitCols) + "ORDER BY code"));
}

}  // namespace govscore::store
