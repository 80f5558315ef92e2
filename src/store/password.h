// Password hashing for platform users: argon2id (libsodium crypto_pwhash) with
// libsodium's "interactive" cost, encoded with its parameters and salt, so a
// later cost change still verifies old hashes.
#pragma once

#include <string>

namespace govscore::store {

// Returns the encoded argon2id hash ("$argon2id$v=19$m=…"). Throws Error when
// the password is empty or the hash cannot be computed (out of memory).
std::string HashPassword(const std::string& password);

// True when `password` matches `encoded_hash`; false for a wrong password or a
// malformed hash. Takes constant time with respect to the password.
bool VerifyPassword(const std::string& encoded_hash, const std::string& password);

// Hex SHA-256 of `data` (framework texts, uploads, session tokens).
std::string Sha256Hex(const std::string& data);

// `bytes` random bytes from the OS CSPRNG, hex encoded.
std::string RandomHex(size_t bytes);

}  // namespace govscore::store
