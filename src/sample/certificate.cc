#include "sample/certificate.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <atomic>
#include <memory>

#include "core/error.h"

namespace govscore::sample {

namespace {

struct Free {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
  void operator()(X509* c) const { X509_free(c); }
  void operator()(BIO* b) const { BIO_free(b); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;
using Bio = std::unique_ptr<BIO, Free>;

constexpr const char* kWhere = "certificate";

void AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext == nullptr) throw Error("OpenSSL rejects the extension value '" + value + "'", kWhere);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

std::string ToPem(int (*write)(BIO*, void*), void* object) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get(), object) != 1) throw Error("cannot write PEM", kWhere);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

Cert ReadCert(const std::string& pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return Cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

Key ReadKey(const std::string& pem) {
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  return Key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
}

}  // namespace

Certificate MakeCertificate(const CertificateSpec& spec, const Certificate* issuer) {
  static std::atomic<long> serial{1};
  Key key(EVP_EC_gen("P-256"));
  if (!key) throw Error("cannot generate an EC P-256 key", kWhere);
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), ++serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), spec.not_before_s);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), spec.not_after_s);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* name = X509_get_subject_name(cert.get());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                 reinterpret_cast<const unsigned char*>(spec.common_name.c_str()),
                                 -1, -1, 0) != 1) {
    throw Error("OpenSSL rejects the common name '" + spec.common_name + "'", kWhere);
  }
  Cert issuer_cert;
  Key issuer_key;
  if (issuer != nullptr) {
    issuer_cert = ReadCert(issuer->cert_pem);
    issuer_key = ReadKey(issuer->key_pem);
    if (!issuer_cert || !issuer_key) throw Error("the issuer's PEM cannot be read", kWhere);
  }
  X509* signer = issuer_cert ? issuer_cert.get() : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  if (spec.ca) {
    AddExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    AddExtension(cert.get(), signer, NID_basic_constraints, "CA:FALSE");
  }
  if (!spec.san.empty()) AddExtension(cert.get(), signer, NID_subject_alt_name, spec.san);
  if (X509_sign(cert.get(), issuer_key ? issuer_key.get() : key.get(), EVP_sha256()) == 0) {
    throw Error("cannot sign the certificate", kWhere);
  }
  Certificate out;
  out.cert_pem = ToPem([](BIO* b, void* c) { return PEM_write_bio_X509(b, static_cast<X509*>(c)); },
                       cert.get());
  out.key_pem = ToPem(
      [](BIO* b, void* k) {
        return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr,
                                        nullptr);
      },
      key.get());
  return out;
}

bool UseCertificate(SSL_CTX& ctx, const Certificate& certificate) {
  Cert cert = ReadCert(certificate.cert_pem);
  Key key = ReadKey(certificate.key_pem);
  return cert && key && SSL_CTX_use_certificate(&ctx, cert.get()) == 1 &&
         SSL_CTX_use_PrivateKey(&ctx, key.get()) == 1;
}

Certificate MakeBadSiteCertificate(const std::string& site_domain) {
  CertificateSpec spec;
  spec.common_name = site_domain;
  spec.san = "DNS:" + site_domain;
  spec.not_before_s = -400L * 24 * 3600;  // issued about 13 months ago,
  spec.not_after_s = -35L * 24 * 3600;    // expired a month ago
  return MakeCertificate(spec);
}

}  // namespace govscore::sample
