// Which networks the monitor's own requests may reach: availability probes and
// webhook posts obey the same address policy as scans (fetch/address_policy.h,
// `--allow-network CIDR`, `--loopback-only`), so neither becomes a way into
// the operator's network.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fetch/address_policy.h"

namespace govscore::monitor {

struct NetworkPolicy {
  // Only 127.0.0.0/8 and ::1 (tests, demo, offline installations).
  bool loopback_only = false;
  // Special-purpose networks allowed anyway ("127.0.0.0/8", "10.1.0.0/16").
  std::vector<std::string> allow_networks;

  // The policy object; throws Error for a bad CIDR.
  std::shared_ptr<const AddressPolicy> Build() const;
};

}  // namespace govscore::monitor
