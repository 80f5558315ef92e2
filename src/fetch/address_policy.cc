#include "fetch/address_policy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstring>

#include "core/error.h"

namespace govscore {

namespace {

struct Special {
  const char* cidr;
  const char* what;
};

// RFC 6890 and the IANA special-purpose registries, plus multicast.
constexpr Special kSpecialV4[] = {
    {"0.0.0.0/8", "this network"},
    {"10.0.0.0/8", "private"},
    {"100.64.0.0/10", "shared address space"},
    {"127.0.0.0/8", "loopback"},
    {"169.254.0.0/16", "link-local"},
    {"172.16.0.0/12", "private"},
    {"192.0.0.0/24", "IETF protocol assignments"},
    {"192.0.2.0/24", "documentation"},
    {"192.88.99.0/24", "6to4 relay anycast"},
    {"192.168.0.0/16", "private"},
    {"198.18.0.0/15", "benchmarking"},
    {"198.51.100.0/24", "documentation"},
    {"203.0.113.0/24", "documentation"},
    {"224.0.0.0/4", "multicast"},
    {"240.0.0.0/4", "reserved"},
};

constexpr Special kSpecialV6[] = {
    {"::/128", "unspecified"},
    {"::1/128", "loopback"},
    {"::ffff:0:0/96", "IPv4-mapped"},
    {"::/96", "IPv4-compatible"},
    {"64:ff9b::/96", "NAT64"},
    {"64:ff9b:1::/48", "local NAT64"},
    {"100::/64", "discard-only"},
    {"2001::/32", "Teredo"},
    {"2001:2::/48", "benchmarking"},
    {"2001:db8::/32", "documentation"},
    {"2001:10::/28", "ORCHID"},
    {"2001:20::/28", "ORCHIDv2"},
    {"2002::/16", "6to4"},
    {"fc00::/7", "unique local"},
    {"fe80::/10", "link-local"},
    {"fec0::/10", "site-local"},
    {"ff00::/8", "multicast"},
};

const std::vector<std::pair<IpNetwork, std::string>>& SpecialNetworks() {
  static const auto* networks = [] {
    auto* out = new std::vector<std::pair<IpNetwork, std::string>>();
    for (const Special& s : kSpecialV4)
      out->emplace_back(IpNetwork::Parse(s.cidr), std::string(s.cidr) + " (" + s.what + ")");
    for (const Special& s : kSpecialV6)
      out->emplace_back(IpNetwork::Parse(s.cidr), std::string(s.cidr) + " (" + s.what + ")");
    return out;
  }();
  return *networks;
}

std::optional<std::string> DirectRange(const IpAddress& a) {
  for (const auto& [network, name] : SpecialNetworks())
    if (network.Contains(a)) return name;
  return std::nullopt;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']')
    text = text.substr(1, text.size() - 2);
  if (text.empty() || text.size() > 45) return std::nullopt;
  const std::string s(text);
  IpAddress a;
  if (s.find(':') != std::string::npos) {
    in6_addr v6;
    if (inet_pton(AF_INET6, s.c_str(), &v6) != 1) return std::nullopt;
    a.v6 = true;
    std::memcpy(a.bytes.data(), &v6, 16);
    return a;
  }
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) != 1) return std::nullopt;
  std::memcpy(a.bytes.data(), &v4, 4);
  return a;
}

std::optional<IpAddress> IpAddress::FromSockaddr(const sockaddr* address) {
  if (address == nullptr) return std::nullopt;
  IpAddress a;
  if (address->sa_family == AF_INET) {
    sockaddr_in in;
    std::memcpy(&in, address, sizeof in);
    std::memcpy(a.bytes.data(), &in.sin_addr, 4);
    return a;
  }
  if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6;
    std::memcpy(&in6, address, sizeof in6);
    a.v6 = true;
    std::memcpy(a.bytes.data(), &in6.sin6_addr, 16);
    return a;
  }
  return std::nullopt;
}

std::optional<IpAddress> IpAddress::EmbeddedV4() const {
  if (!v6) return std::nullopt;
  const auto& b = bytes;
  auto zeros = [&](int from, int to) {
    for (int i = from; i < to; ++i)
      if (b[i] != 0) return false;
    return true;
  };
  IpAddress v4;
  int at = -1;
  if (zeros(0, 10) && b[10] == 0xff && b[11] == 0xff) at = 12;  // ::ffff:a.b.c.d
  // ::a.b.c.d (deprecated IPv4-compatible); not :: and ::1 themselves.
  else if (zeros(0, 12) && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && b[15] <= 1))
    at = 12;
  else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && zeros(4, 12))
    at = 12;  // 64:ff9b::a.b.c.d
  else if (b[0] == 0x20 && b[1] == 0x02)
    at = 2;  // 2002:AABB:CCDD::
  if (at < 0) return std::nullopt;
  std::memcpy(v4.bytes.data(), b.data() + at, 4);
  return v4;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN] = {0};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

IpNetwork IpNetwork::Parse(std::string_view cidr) {
  const std::string text(cidr);
  const size_t slash = cidr.find('/');
  const std::optional<IpAddress> base = IpAddress::Parse(cidr.substr(0, slash));
  if (!base) throw Error("invalid network: expected an address or CIDR like 10.0.0.0/8", text);
  const int bits = base->v6 ? 128 : 32;
  int prefix = bits;
  if (slash != std::string_view::npos) {
    const std::string_view p = cidr.substr(slash + 1);
    if (p.empty() || p.size() > 3) throw Error("invalid network: bad prefix length", text);
    prefix = 0;
    for (char c : p) {
      if (c < '0' || c > '9') throw Error("invalid network: bad prefix length", text);
      prefix = prefix * 10 + (c - '0');
    }
    if (prefix > bits) throw Error("invalid network: prefix longer than the address", text);
  }
  IpNetwork n;
  n.base = *base;
  n.prefix = prefix;
  for (int i = 0; i < 16; ++i) {
    const int keep = std::max(0, std::min(8, prefix - i * 8));
    n.base.bytes[i] &= static_cast<uint8_t>(keep == 0 ? 0 : (0xff << (8 - keep)) & 0xff);
  }
  return n;
}

bool IpNetwork::Contains(const IpAddress& a) const {
  if (a.v6 != base.v6) return false;
  for (int i = 0; i < 16 && i * 8 < prefix; ++i) {
    const int keep = std::min(8, prefix - i * 8);
    const uint8_t mask = static_cast<uint8_t>((0xff << (8 - keep)) & 0xff);
    if ((a.bytes[i] & mask) != base.bytes[i]) return false;
  }
  return true;
}

std::string IpNetwork::ToString() const { return base.ToString() + "/" + std::to_string(prefix); }

std::optional<std::string> SpecialPurposeRange(const IpAddress& address) {
  if (const std::optional<IpAddress> v4 = address.EmbeddedV4()) {
    if (std::optional<std::string> inner = DirectRange(*v4)) {
      return *inner + " inside " + *DirectRange(address);
    }
  }
  return DirectRange(address);
}

void AddressPolicy::Allow(const IpNetwork& network) { allowed_.push_back(network); }

std::optional<std::string> AddressPolicy::Refusal(const IpAddress& address) const {
  const std::optional<IpAddress> v4 = address.EmbeddedV4();
  for (const IpNetwork& n : allowed_) {
    if (n.Contains(address) || (v4 && n.Contains(*v4))) return std::nullopt;
  }
  if (only_allowed_) {
    return address.ToString() + " is outside the allowed networks (--allow-network)";
  }
  if (std::optional<std::string> range = SpecialPurposeRange(address)) {
    return address.ToString() + " is in " + *range;
  }
  return std::nullopt;
}

std::optional<std::string> AddressPolicy::HostRefusal(std::string_view host) const {
  if (std::optional<IpAddress> a = IpAddress::Parse(host)) return Refusal(*a);
  if (!only_allowed_) return std::nullopt;
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host == "localhost" || (host.size() > 10 && host.substr(host.size() - 10) == ".localhost")) {
    return std::nullopt;
  }
  return "host name " + std::string(host) +
         " is not resolved: only the allowed networks may be reached";
}

AddressPolicy AddressPolicy::LoopbackOnly() {
  AddressPolicy p;
  p.Allow("127.0.0.0/8");
  p.Allow("::1/128");
  p.set_only_allowed(true);
  return p;
}

}  // namespace govscore
