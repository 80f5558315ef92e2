// Units (评估对象): list, read, create, update, delete. Import/export go
// through the platform (routes_platform.cc).
#include "server/api.h"
#include "server/json_views.h"
#include "server/routes.h"

namespace govscore::server {

using nlohmann::json;
using store::Role;

store::Unit GetUnit(Ctx& c, store::Id id) {
  c.RequireUnit(id);
  auto u = c.store.FindUnit(id);
  if (!u) throw NotFound("没有这个评估对象", "unit " + std::to_string(id));
  return *u;
}

namespace {

void CheckCodeFree(Ctx& c, const store::Unit& u) {
  auto same = c.store.FindUnitByCode(u.code);
  if (same && same->id != u.id) throw Conflict("编码已被其他评估对象使用", "code");
}

void CheckParent(Ctx& c, const store::Unit& u) {
  if (!u.parent_id) return;
  if (!c.store.FindUnit(*u.parent_id)) throw BadRequest("没有这个上级单位", "parent_id");
  if (u.id && *u.parent_id == u.id) throw BadRequest("上级单位不能是自己", "parent_id");
}

}  // namespace

void RegisterUnitRoutes(Api& api) {
  api.Get("/api/units", [](Ctx& c) {
    json units = json::array();
    for (const store::Unit& u : c.store.ListUnits())
      if (c.SeesUnit(u.id)) units.push_back(UnitJson(u));
    c.Json({{"units", units}});
  });
  api.Get(R"(/api/units/(\d+))", [](Ctx& c) { c.Json(UnitJson(GetUnit(c, c.PathId()))); });
  api.Post("/api/units", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    store::Unit u = UnitFromJson(c.Body());
    CheckParent(c, u);
    CheckCodeFree(c, u);
    const store::Id id = c.store.CreateUnit(c.actor(), u);
    c.Json(UnitJson(GetUnit(c, id)), 201);
  });
  api.Put(R"(/api/units/(\d+))", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const store::Id id = c.PathId();
    GetUnit(c, id);
    store::Unit u = UnitFromJson(c.Body());
    u.id = id;
    CheckParent(c, u);
    CheckCodeFree(c, u);
    c.store.UpdateUnit(c.actor(), u);
    c.Json(UnitJson(GetUnit(c, id)));
  });
  api.Delete(R"(/api/units/(\d+))", [](Ctx& c) {
    c.RequireRole({Role::kAdmin, Role::kOrganiser});
    const store::Id id = c.PathId();
    GetUnit(c, id);
    c.store.DeleteUnit(c.actor(), id);
    c.NoContent();
  });
}

}  // namespace govscore::server
