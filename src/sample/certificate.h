// X.509 certificates made on the spot with the OpenSSL library, for the sample
// site's bad-TLS listener and for tests that need an HTTPS server on 127.0.0.1.
// Keys are fresh EC P-256 keys; nothing is read from or meant for disk except
// where a caller writes the PEM itself (nginx needs files).
#pragma once

#include <openssl/ssl.h>

#include <string>

namespace govscore::sample {

struct CertificateSpec {
  std::string common_name = "127.0.0.1";
  // subjectAltName in OpenSSL config form ("DNS:www.example.gov.cn,IP:127.0.0.1"),
  // or empty for none.
  std::string san;
  // Validity, in seconds relative to now (negative = in the past).
  long not_before_s = -24 * 3600;
  long not_after_s = 30 * 24 * 3600;
  bool ca = false;  // basicConstraints CA:TRUE and keyCertSign
};

// A certificate with its private key, both PEM.
struct Certificate {
  std::string cert_pem;
  std::string key_pem;
};

// Makes a key and a certificate for it, signed by `issuer` (a CA made by this
// function), or self-signed when issuer is null. Throws govscore::Error when
// OpenSSL fails (names the spec field that was rejected).
Certificate MakeCertificate(const CertificateSpec& spec, const Certificate* issuer = nullptr);

// Installs `certificate` and its key in `ctx`. Returns false (with nothing
// thrown) when OpenSSL rejects them; httplib::SSLServer's setup callback wants a bool.
bool UseCertificate(SSL_CTX& ctx, const Certificate& certificate);

// The certificate behind the sample site's bad-TLS listener: self-signed, for
// the site's public name (not 127.0.0.1) and expired — what an abandoned
// "old HTTPS portal" of a government site typically presents. A scanner
// without a private CA sees it as self_signed and hostname_mismatch.
Certificate MakeBadSiteCertificate(const std::string& site_domain);

}  // namespace govscore::sample
