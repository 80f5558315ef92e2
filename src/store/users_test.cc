// Users, argon2id passwords and sessions.
#include <gmock/gmock.h>

#include "store/password.h"
#include "store/store_test_support.h"

namespace govscore::store::testing {
namespace {

TEST(PasswordTest, HashVerifiesAndRejects) {
  std::string h = HashPassword("正确的密码 horse battery");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u) << h;
  EXPECT_TRUE(VerifyPassword(h, "正确的密码 horse battery"));
  EXPECT_FALSE(VerifyPassword(h, "正确的密码 horse batterY"));
  EXPECT_FALSE(VerifyPassword(h, ""));
  EXPECT_NE(HashPassword("same"), HashPassword("same"));  // salted
  EXPECT_FALSE(VerifyPassword("not a hash", "x"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_THROW(HashPassword(""), Error);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(RandomHex(16).size(), 32u);
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

class UsersTest : public StoreTest {};

TEST_P(UsersTest, ListAndUpdateUsers) {
  Id a = MakeUnit("a"), b = MakeUnit("b");
  Id zed = store_->CreateUser(admin, {"zed", "Zed", "pw-123456", Role::kReviewer, {a}});
  store_->CreateUser(admin, {"amy", "Amy", "pw-123456", Role::kAdmin, {}});
  auto users = store_->ListUsers();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].username, "amy");
  EXPECT_THAT(users[1].unit_ids, ::testing::ElementsAre(a));

  auto s = store_->CreateSession(zed, 3'600'000);
  store_->UpdateUser(admin, zed, "Zed 改", Role::kReviewer, {a});  // same rights
  EXPECT_TRUE(store_->FindSession(s.token));
  store_->UpdateUser(admin, zed, "Zed 改", Role::kWebmaster, {b, b});
  EXPECT_FALSE(store_->FindSession(s.token));  // rights changed: sessions end
  auto u = store_->FindUser(zed);
  EXPECT_EQ(u->display_name, "Zed 改");
  EXPECT_EQ(u->role, Role::kWebmaster);
  EXPECT_THAT(u->unit_ids, ::testing::ElementsAre(b));
  EXPECT_EQ(store_->ListAudit("user", zed, 1).at(0).action, "user.update");
  EXPECT_THROW(store_->UpdateUser(admin, 999999, "x", Role::kAdmin, {}), Error);
  EXPECT_THROW(store_->UpdateUser(admin, zed, "x", Role::kWebmaster, {987654}), ConstraintError);
  EXPECT_EQ(store_->FindUser(zed)->unit_ids, std::vector<Id>{b});  // nothing half-written
}

TEST_P(UsersTest, CreateAuthenticateAndSessions) {
  Id unit = MakeUnit("a");
  NewUser nu{"wm-a", "网站管理员", "s3cret-密码", Role::kWebmaster, {unit}};
  Id id = store_->CreateUser(admin, nu);
  auto u = store_->FindUser(id);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->role, Role::kWebmaster);
  EXPECT_THAT(u->unit_ids, ::testing::ElementsAre(unit));
  EXPECT_THROW(store_->CreateUser(admin, nu), ConstraintError);  // username taken

  EXPECT_TRUE(store_->Authenticate("wm-a", "s3cret-密码"));
  EXPECT_FALSE(store_->Authenticate("wm-a", "wrong"));
  EXPECT_FALSE(store_->Authenticate("nobody", "s3cret-密码"));

  // The password is not stored in any readable form, nor in the audit log.
  for (const auto& e : store_->ListAudit()) EXPECT_EQ(e.summary.find("s3cret"), std::string::npos);

  auto s = store_->CreateSession(id, 3'600'000);
  EXPECT_EQ(s.token.size(), 64u);
  auto found = store_->FindSession(s.token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user.username, "wm-a");
  EXPECT_EQ(found->csrf_token, s.csrf_token);
  EXPECT_FALSE(store_->FindSession(s.csrf_token));
  Advance(3'600'001);
  EXPECT_FALSE(store_->FindSession(s.token));  // expired

  auto s2 = store_->CreateSession(id, 3'600'000);
  store_->SetPassword(admin, id, "new-password");
  EXPECT_FALSE(store_->FindSession(s2.token));  // a new password ends sessions
  EXPECT_FALSE(store_->Authenticate("wm-a", "s3cret-密码"));
  EXPECT_TRUE(store_->Authenticate("wm-a", "new-password"));

  auto s3 = store_->CreateSession(id, 3'600'000);
  store_->DeleteSession(s3.token);
  EXPECT_FALSE(store_->FindSession(s3.token));

  store_->SetUserDisabled(admin, id, true);
  EXPECT_FALSE(store_->Authenticate("wm-a", "new-password"));
  EXPECT_TRUE(store_->FindUserByName("wm-a")->disabled);

  auto audit = store_->ListAudit("user", id);
  std::vector<std::string> actions;
  for (const auto& e : audit) actions.push_back(e.action);
  EXPECT_THAT(actions, ::testing::Contains("user.create"));
  EXPECT_THAT(actions, ::testing::Contains("user.password"));
  EXPECT_THAT(actions, ::testing::Contains("user.disabled"));
  EXPECT_THAT(actions, ::testing::Contains("session.delete"));
}

GOVSCORE_STORE_TEST_SUITE(UsersTest);

}  // namespace
}  // namespace govscore::store::testing
