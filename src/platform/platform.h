// The evaluation platform's domain services (docs/platform.md): what the
// HTTP server (src/server), the CLI and a worker process call. No HTTP here.
//
// Every service takes the store::Store to work on and, for writes, the
// store::Actor recorded in the audit log. A Store is used by one thread at a
// time; services keep no state of their own. Errors: platform/errors.h.
#pragma once

#include "platform/assignments.h"
#include "platform/campaigns.h"
#include "platform/consultations.h"
#include "platform/demo.h"
#include "platform/errors.h"
#include "platform/evidence.h"
#include "platform/frameworks.h"
#include "platform/judgments.h"
#include "platform/rectification.h"
#include "platform/scans.h"
#include "platform/scores.h"
#include "platform/units.h"
