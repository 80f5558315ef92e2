// Which network addresses a scan may connect to (docs/fetching.md, "Address
// policy"). A government site's scan must not become a way into the operator's
// own network: by default every special-purpose address (private, loopback,
// link-local, shared, documentation, multicast, reserved; IPv6 unique-local,
// link-local, ::1, and IPv4 embedded in IPv6) is refused, public addresses are
// allowed. The operator opens ranges with `--allow-network CIDR`.
//
// The Fetcher judges the address each connection actually goes to (libcurl's
// open-socket callback, after DNS), so a name that resolves — or re-resolves
// (DNS rebinding) — to a refused address, and a redirect to one, are refused
// too, before any packet is sent to it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sockaddr;

namespace govscore {

// An IPv4 or IPv6 address. IPv4 is kept in the first 4 bytes.
struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};

  // Dotted quad or IPv6 text (brackets allowed, no zone); nullopt otherwise.
  // Only the standard forms: "127.1" or "0x7f000001" are not addresses here
  // (a name that libcurl may still turn into one: the socket check catches it).
  static std::optional<IpAddress> Parse(std::string_view text);
  // From a sockaddr_in / sockaddr_in6; nullopt for other families.
  static std::optional<IpAddress> FromSockaddr(const sockaddr* address);
  // The IPv4 address carried by an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible
  // (::a.b.c.d), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6 address.
  std::optional<IpAddress> EmbeddedV4() const;
  std::string ToString() const;
};

// A CIDR block: "10.0.0.0/8", "fc00::/7", or an address alone (/32, /128).
struct IpNetwork {
  IpAddress base;  // host bits cleared
  int prefix = 0;

  // Throws govscore::Error ("invalid network ...") for anything else.
  static IpNetwork Parse(std::string_view cidr);
  bool Contains(const IpAddress& address) const;
  std::string ToString() const;
};

// The special-purpose range `address` falls in, as "10.0.0.0/8 (private)";
// nullopt for an ordinary public address. IPv6 addresses that embed IPv4 are
// judged by the IPv4 address they carry when it is special.
std::optional<std::string> SpecialPurposeRange(const IpAddress& address);

class AddressPolicy {
 public:
  // Refuses special-purpose addresses, allows public ones.
  AddressPolicy() = default;

  // Allows every address in `network` (even special-purpose ones).
  void Allow(const IpNetwork& network);
  // Allows "127.0.0.0/8" etc.; throws govscore::Error for a bad CIDR.
  void Allow(std::string_view cidr) { Allow(IpNetwork::Parse(cidr)); }

  // Only allowed networks: public addresses are refused too, and host names
  // other than "localhost" are refused before any DNS lookup (offline
  // installations, tests: nothing but the allowed ranges is ever contacted).
  void set_only_allowed(bool only) { only_allowed_ = only; }
  bool only_allowed() const { return only_allowed_; }
  const std::vector<IpNetwork>& allowed() const { return allowed_; }

  // Why a connection to `address` is refused ("10.0.0.1 is in 10.0.0.0/8
  // (private)"), or nullopt when it is allowed. An IPv6 address embedding IPv4
  // is allowed when either form is in an allowed network.
  std::optional<std::string> Refusal(const IpAddress& address) const;

  // Judgement before resolution of a URL host (lower case, no port, IPv6 in
  // brackets): literals are judged as addresses; names pass (their addresses
  // are judged at connect time) unless only_allowed, where only "localhost"
  // and "*.localhost" pass.
  std::optional<std::string> HostRefusal(std::string_view host) const;

  // The policy of `govscore scan --loopback-only`: 127.0.0.0/8 and ::1 only.
  static AddressPolicy LoopbackOnly();

 private:
  std::vector<IpNetwork> allowed_;
  bool only_allowed_ = false;
};

}  // namespace govscore
