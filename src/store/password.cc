#include "store/password.h"

#include <sodium.h>

#include <vector>

#include "core/error.h"

namespace govscore::store {
namespace {

void InitSodium() {
  static const bool ok = sodium_init() >= 0;
  if (!ok) throw Error("libsodium failed to initialise", "store/password");
}

std::string Hex(const unsigned char* data, size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, n);
  out.pop_back();
  return out;
}

}  // namespace

std::string HashPassword(const std::string& password) {
  InitSodium();
  if (password.empty()) throw Error("password must not be empty", "store/password");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw Error("argon2id hashing failed (out of memory?)", "store/password");
  return out;
}

bool VerifyPassword(const std::string& encoded_hash, const std::string& password) {
  InitSodium();
  if (encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (encoded_hash.rfind("$argon2id$", 0) != 0) return false;
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

std::string Sha256Hex(const std::string& data) {
  InitSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return Hex(digest, sizeof digest);
}

std::string RandomHex(size_t bytes) {
  InitSodium();
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  return Hex(buf.data(), buf.size());
}

}  // namespace govscore::store
