// Test support: every platform test runs once per backend on a fresh store
// (store/store_test_support.h), with helpers for the objects most tests need.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "platform/platform.h"
#include "store/store_test_support.h"

namespace govscore::platform::testing {

class PlatformTest : public store::testing::StoreTest {
 protected:
  void TearDown() override {
    std::error_code ec;
    if (!scratch_.empty()) std::filesystem::remove_all(scratch_, ec);
    StoreTest::TearDown();
  }

  // A private temporary folder for files (evidence, exports).
  const std::filesystem::path& Scratch() {
    if (scratch_.empty()) {
      scratch_ = std::filesystem::temp_directory_path() / (name_ + "_files");
      std::filesystem::create_directories(scratch_);
    }
    return scratch_;
  }

  // A 设区市 unit (the kind of gx2020-city) with one website.
  store::Id CityUnit(const std::string& code, const std::string& site = {}) {
    store::Unit u;
    u.code = code;
    u.name = code + "市人民政府";
    u.kind = "设区市";
    u.websites = {site.empty() ? "http://127.0.0.1:9/" + code + "/" : site};
    return store_->CreateUnit(admin, u);
  }

  store::Id CityFramework() { return RegisterShippedFramework(*store_, admin, "gx2020-city"); }

  // A draft gx2020-city campaign over `units`, as of 2024-06-30.
  store::Id CityCampaign(const std::vector<store::Id>& units, bool second_review = false) {
    CampaignSpec spec;
    spec.name = "测试评估任务";
    spec.framework_version_id = CityFramework();
    spec.unit_ids = units;
    spec.as_of = *Date::Parse("2024-06-30");
    spec.second_review = second_review;
    return CreateCampaign(*store_, admin, spec);
  }

  // Units "a" and "b" and a collecting gx2020-city campaign over them.
  struct TwoUnits {
    store::Id a = 0, b = 0, campaign = 0;
  };
  TwoUnits CollectingCityCampaign() {
    TwoUnits t;
    t.a = CityUnit("a");
    t.b = CityUnit("b");
    t.campaign = CityCampaign({t.a, t.b});
    SetCampaignState(*store_, admin, t.campaign, store::CampaignState::kCollecting);
    return t;
  }

  // A user of `role` with `units`, as the actor of their writes.
  store::Actor NewUser(const std::string& name, store::Role role, std::vector<store::Id> units) {
    return {store_->CreateUser(admin, {name, name, "password-123", role, std::move(units)}), name};
  }

  std::filesystem::path scratch_;
};

// The indicator `id` anywhere in a score tree, or nullptr.
inline const scoring::IndicatorScore* FindIndicator(
    const std::vector<scoring::IndicatorScore>& nodes, const std::string& id) {
  for (const scoring::IndicatorScore& n : nodes) {
    if (n.id == id) return &n;
    if (const scoring::IndicatorScore* f = FindIndicator(n.children, id)) return f;
  }
  return nullptr;
}

}  // namespace govscore::platform::testing
