#include "fetch/address_policy.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include <cstring>

#include "core/error.h"

namespace govscore {
namespace {

IpAddress Ip(const char* text) {
  std::optional<IpAddress> a = IpAddress::Parse(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a.value_or(IpAddress{});
}

TEST(IpAddressTest, ParsesStandardFormsOnly) {
  EXPECT_FALSE(Ip("10.1.2.3").v6);
  EXPECT_TRUE(Ip("[::1]").v6);
  EXPECT_EQ(Ip("[::1]").ToString(), "::1");
  EXPECT_EQ(Ip("FE80::1").ToString(), "fe80::1");
  for (const char* no : {"", "www.gov.cn", "127.1", "0x7f000001", "1.2.3.4.5", "::1%eth0", "[::1",
                         "256.1.1.1", "1.2.3.4/8"}) {
    EXPECT_FALSE(IpAddress::Parse(no).has_value()) << no;
  }
}

TEST(IpAddressTest, FromSockaddrBothFamilies) {
  sockaddr_in in{};
  in.sin_family = AF_INET;
  inet_pton(AF_INET, "192.168.1.9", &in.sin_addr);
  EXPECT_EQ(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&in))->ToString(), "192.168.1.9");
  sockaddr_in6 in6{};
  in6.sin6_family = AF_INET6;
  inet_pton(AF_INET6, "fd12::7", &in6.sin6_addr);
  EXPECT_EQ(IpAddress::FromSockaddr(reinterpret_cast<sockaddr*>(&in6))->ToString(), "fd12::7");
  sockaddr other{};
  other.sa_family = AF_UNIX;
  EXPECT_FALSE(IpAddress::FromSockaddr(&other).has_value());
}

TEST(IpNetworkTest, ParseAndContains) {
  const IpNetwork n = IpNetwork::Parse("10.1.2.3/16");
  EXPECT_EQ(n.ToString(), "10.1.0.0/16");
  EXPECT_TRUE(n.Contains(Ip("10.1.255.255")));
  EXPECT_FALSE(n.Contains(Ip("10.2.0.0")));
  EXPECT_FALSE(n.Contains(Ip("::ffff:10.1.0.1")));  // other family: judged by the policy
  EXPECT_EQ(IpNetwork::Parse("127.0.0.1").ToString(), "127.0.0.1/32");
  EXPECT_EQ(IpNetwork::Parse("fd00::/8").ToString(), "fd00::/8");
  EXPECT_TRUE(IpNetwork::Parse("0.0.0.0/0").Contains(Ip("8.8.8.8")));
  EXPECT_TRUE(IpNetwork::Parse("fe80::/10").Contains(Ip("febf::1")));
  EXPECT_FALSE(IpNetwork::Parse("fe80::/10").Contains(Ip("fec0::1")));
  for (const char* bad : {"", "10.0.0.0/33", "::/129", "10.0.0.0/", "10.0.0.0/x", "10/8",
                          "example.gov.cn/24", "10.0.0.0/-1", "10.0.0.0/0008"}) {
    EXPECT_THROW(IpNetwork::Parse(bad), Error) << bad;
  }
  try {
    IpNetwork::Parse("10.0.0.0/40");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("10.0.0.0/40"), std::string::npos) << e.what();
  }
}

TEST(SpecialPurposeTest, Ipv4Ranges) {
  for (const char* special :
       {"0.0.0.0", "0.1.2.3", "10.0.0.1", "100.64.0.1", "100.127.255.254", "127.0.0.1",
        "127.255.255.255", "169.254.169.254", "172.16.0.1", "172.31.255.255", "192.168.0.1",
        "192.0.2.1", "198.18.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255"}) {
    EXPECT_TRUE(SpecialPurposeRange(Ip(special)).has_value()) << special;
  }
  for (const char* ordinary : {"8.8.8.8", "1.1.1.1", "100.63.255.255", "100.128.0.0", "172.15.0.1",
                               "172.32.0.1", "192.169.0.1", "11.0.0.1", "223.255.255.255"}) {
    EXPECT_FALSE(SpecialPurposeRange(Ip(ordinary)).has_value()) << ordinary;
  }
  EXPECT_EQ(*SpecialPurposeRange(Ip("169.254.169.254")), "169.254.0.0/16 (link-local)");
  EXPECT_EQ(*SpecialPurposeRange(Ip("10.9.9.9")), "10.0.0.0/8 (private)");
}

TEST(SpecialPurposeTest, Ipv6FormsIncludingEmbeddedIpv4) {
  for (const char* special :
       {"::", "::1", "fc00::1", "fd12:3456::1", "fe80::1", "febf::ffff", "ff02::1", "2001:db8::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:8.8.8.8", "64:ff9b::a00:1", "2002:a00:1::1",
        "::10.0.0.1", "fec0::1", "100::1"}) {
    EXPECT_TRUE(SpecialPurposeRange(Ip(special)).has_value()) << special;
  }
  for (const char* ordinary : {"2400:3200::1", "2001:4860:4860::8888", "2409:8c00::1"}) {
    EXPECT_FALSE(SpecialPurposeRange(Ip(ordinary)).has_value()) << ordinary;
  }
  // The IPv4 inside is named, so the operator sees which network it really is.
  EXPECT_EQ(*SpecialPurposeRange(Ip("::ffff:169.254.169.254")),
            "169.254.0.0/16 (link-local) inside ::ffff:0:0/96 (IPv4-mapped)");
  EXPECT_EQ(Ip("::ffff:10.1.2.3").EmbeddedV4()->ToString(), "10.1.2.3");
  EXPECT_EQ(Ip("2002:c0a8:101::").EmbeddedV4()->ToString(), "192.168.1.1");
  EXPECT_FALSE(Ip("::1").EmbeddedV4().has_value());
  EXPECT_FALSE(Ip("2400:3200::1").EmbeddedV4().has_value());
}

TEST(AddressPolicyTest, DefaultRefusesSpecialAllowsPublic) {
  const AddressPolicy p;
  EXPECT_FALSE(p.Refusal(Ip("8.8.8.8")).has_value());
  EXPECT_FALSE(p.Refusal(Ip("2400:3200::1")).has_value());
  const std::optional<std::string> why = p.Refusal(Ip("192.168.1.1"));
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(*why, "192.168.1.1 is in 192.168.0.0/16 (private)");
  EXPECT_TRUE(p.Refusal(Ip("::1")).has_value());
  EXPECT_TRUE(p.Refusal(Ip("fe80::1")).has_value());
  EXPECT_TRUE(p.Refusal(Ip("::ffff:127.0.0.1")).has_value());
  // Before DNS: literals are judged, names wait for their addresses.
  EXPECT_TRUE(p.HostRefusal("127.0.0.1").has_value());
  EXPECT_TRUE(p.HostRefusal("[::1]").has_value());
  EXPECT_TRUE(p.HostRefusal("[fd00::1]").has_value());
  EXPECT_FALSE(p.HostRefusal("www.gov.cn").has_value());
  EXPECT_FALSE(p.HostRefusal("localhost").has_value());
}

TEST(AddressPolicyTest, AllowedNetworksOpenSpecialRanges) {
  AddressPolicy p;
  p.Allow("127.0.0.0/8");
  p.Allow("fd00::/8");
  EXPECT_FALSE(p.Refusal(Ip("127.0.0.1")).has_value());
  EXPECT_FALSE(p.Refusal(Ip("127.3.4.5")).has_value());
  EXPECT_FALSE(p.Refusal(Ip("::ffff:127.0.0.1")).has_value());  // mapped form of an allowed one
  EXPECT_FALSE(p.Refusal(Ip("fd99::1")).has_value());
  EXPECT_TRUE(p.Refusal(Ip("::1")).has_value());  // 127/8 does not open ::1
  EXPECT_TRUE(p.Refusal(Ip("10.0.0.1")).has_value());
  EXPECT_TRUE(p.Refusal(Ip("fc00::1")).has_value());
  EXPECT_TRUE(p.Refusal(Ip("::ffff:10.0.0.1")).has_value());
  EXPECT_FALSE(p.Refusal(Ip("8.8.8.8")).has_value());
  EXPECT_THROW(p.Allow("127.0.0.0/99"), Error);
}

TEST(AddressPolicyTest, LoopbackOnlyRefusesEverythingElseAndResolvesNoNames) {
  const AddressPolicy p = AddressPolicy::LoopbackOnly();
  EXPECT_FALSE(p.Refusal(Ip("127.0.0.1")).has_value());
  EXPECT_FALSE(p.Refusal(Ip("::1")).has_value());
  EXPECT_TRUE(p.Refusal(Ip("8.8.8.8")).has_value());
  EXPECT_TRUE(p.Refusal(Ip("10.0.0.1")).has_value());
  EXPECT_FALSE(p.HostRefusal("localhost").has_value());
  EXPECT_FALSE(p.HostRefusal("a.localhost").has_value());
  EXPECT_FALSE(p.HostRefusal("127.0.0.1").has_value());
  EXPECT_FALSE(p.HostRefusal("[::1]").has_value());
  EXPECT_TRUE(p.HostRefusal("www.gov.cn").has_value());
  EXPECT_TRUE(p.HostRefusal("localhost.gov.cn").has_value());
  EXPECT_TRUE(p.HostRefusal("[::2]").has_value());
}

}  // namespace
}  // namespace govscore
