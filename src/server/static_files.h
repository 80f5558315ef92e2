// The built web UI as static files, with the single-page-app fallback: a path
// naming an existing file under the static folder is served; any other path
// without a file extension gets index.html (client-side routes); the rest 404.
// Paths with "..", backslashes, NUL or hidden segments never leave the folder.
#pragma once

#include <httplib.h>

#include <string>

namespace govscore::server {

// Serves `req.path` from `dir` into `res`. An empty or missing `dir` answers
// a short Chinese page saying the UI is not built.
void ServeStatic(const std::string& dir, const httplib::Request& req, httplib::Response& res);

// The Content-Type for a file name by its extension.
std::string MimeTypeOf(const std::string& name);

}  // namespace govscore::server
