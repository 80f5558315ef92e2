// API test of new-media post lists (POST /api/campaigns/{id}/units/{unit_id}/posts):
// an organiser's upload becomes the unit's measures of the campaign; other roles,
// other types and units outside the campaign are refused.
#include "server/server_test_support.h"

namespace govscore::server::testing {
namespace {

using nlohmann::json;

class PostsApiTest : public ServerTest {};

TEST_P(PostsApiTest, OrganiserUploadsAnAccountsPostList) {
  StartServer();
  auto org = As("organiser");
  const ApiCampaign c = CreateApiCampaign(*org, "新媒体测试", "2024-06-30", {unit_a_});
  ASSERT_NE(c.id, 0);
  const std::string& base = c.base;
  const std::string path = base + "/units/" + std::to_string(unit_a_) + "/posts";
  const std::string csv =
      "发布时间,标题,是否原创\n2024-06-20 09:00,发布一,是\n2024-06-28 09:00,发布二,否\n";

  Reply r = org->Upload(path, "file", "posts.csv", csv, "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json["posts"], 2);
  EXPECT_EQ(r.json["in_window"], 2);
  EXPECT_EQ(r.json["from"], "2024-06-17");
  bool newest = false;
  for (const json& m : r.json["measures"])
    if (m["name"] == "newmedia.newest_post") newest = m["value"] == "2024-06-28";
  EXPECT_TRUE(newest) << r.body;

  EXPECT_EQ(As("webmaster")->Upload(path, "file", "posts.csv", csv, "text/csv").status, 403);
  EXPECT_EQ(org->Upload(path, "file", "posts.exe", csv, "text/csv").status, 415);
  Reply bad = org->Upload(path, "file", "posts.csv", "标题\n无时间\n", "text/csv");
  EXPECT_EQ(bad.status, 400) << bad.body;  // InvalidInput, naming the file and row
  EXPECT_NE(bad.body.find("posts.csv"), std::string::npos) << bad.body;
  Reply other = org->Upload(base + "/units/" + std::to_string(unit_b_) + "/posts", "file",
                            "posts.csv", csv, "text/csv");
  EXPECT_EQ(other.status, 404) << other.body;
}

GOVSCORE_STORE_TEST_SUITE(PostsApiTest);

}  // namespace
}  // namespace govscore::server::testing
