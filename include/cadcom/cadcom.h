/* libcadcom — the whole public API.  See cadcom(3) and the per-noun headers. */
#ifndef CADCOM_H
#define CADCOM_H

#include "common.h"
#include "version.h"
#include "error.h"
#include "sid.h"
#include "sd.h"

#endif
