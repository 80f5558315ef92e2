#include "monitor/network.h"

namespace govscore::monitor {

std::shared_ptr<const AddressPolicy> NetworkPolicy::Build() const {
  auto policy = std::make_shared<AddressPolicy>(loopback_only ? AddressPolicy::LoopbackOnly()
                                                              : AddressPolicy());
  for (const std::string& cidr : allow_networks) policy->Allow(cidr);
  return policy;
}

}  // namespace govscore::monitor
