/*
 * SDDL tokens shared by the parser and the formatter (MS-DTYP 2.5.1;
 * Microsoft win32 docs SecAuthZ/ace-strings.md and
 * security-descriptor-string-format.md).
 */
#ifndef CADCOM_SDDL_TABLES_H
#define CADCOM_SDDL_TABLES_H

#include "internal.h"

struct sddl_token {
	const char *text;
	uint32_t value;
};

/* Rights with one bit each, in bit order: the order Windows prints them. */
static const struct sddl_token sddl_right_bits[] = {
	{ "CC", 0x00000001 }, { "DC", 0x00000002 }, { "LC", 0x00000004 },
	{ "SW", 0x00000008 }, { "RP", 0x00000010 }, { "WP", 0x00000020 },
	{ "DT", 0x00000040 }, { "LO", 0x00000080 }, { "CR", 0x00000100 },
	{ "SD", 0x00010000 }, { "RC", 0x00020000 }, { "WD", 0x00040000 },
	{ "WO", 0x00080000 }, { "GA", 0x10000000 }, { "GX", 0x20000000 },
	{ "GW", 0x40000000 }, { "GR", 0x80000000 },
};

/* Whole-mask aliases.  Windows prints the first one whose value equals the
 * mask exactly (KR and KX share 0x20019; Windows prints KR). */
static const struct sddl_token sddl_right_aliases[] = {
	{ "FA", 0x001f01ff }, { "FR", 0x00120089 }, { "FW", 0x00120116 },
	{ "FX", 0x001200a0 }, { "KA", 0x000f003f }, { "KR", 0x00020019 },
	{ "KW", 0x00020006 }, { "KX", 0x00020019 },
};

/* Mandatory label policy bits, in bit order (printed as NW NR NX). */
static const struct sddl_token sddl_label_bits[] = {
	{ "NW", 0x1 }, { "NR", 0x2 }, { "NX", 0x4 },
};

/* ACE flags in bit order, the order Windows prints them. */
static const struct sddl_token sddl_ace_flags[] = {
	{ "OI", CADCOM_ACE_OBJECT_INHERIT }, { "CI", CADCOM_ACE_CONTAINER_INHERIT },
	{ "NP", CADCOM_ACE_NO_PROPAGATE },   { "IO", CADCOM_ACE_INHERIT_ONLY },
	{ "ID", CADCOM_ACE_INHERITED },      { "SA", CADCOM_ACE_AUDIT_SUCCESS },
	{ "FA", CADCOM_ACE_AUDIT_FAILURE },
};

/* ACE types the model supports. */
static const struct sddl_token sddl_ace_types[] = {
	{ "A", CADCOM_ACE_ACCESS_ALLOWED },         { "D", CADCOM_ACE_ACCESS_DENIED },
	{ "AU", CADCOM_ACE_SYSTEM_AUDIT },          { "AL", CADCOM_ACE_SYSTEM_ALARM },
	{ "OA", CADCOM_ACE_ACCESS_ALLOWED_OBJECT }, { "OD", CADCOM_ACE_ACCESS_DENIED_OBJECT },
	{ "OU", CADCOM_ACE_SYSTEM_AUDIT_OBJECT },   { "OL", CADCOM_ACE_SYSTEM_ALARM_OBJECT },
	{ "ML", CADCOM_ACE_MANDATORY_LABEL },
};

/* Documented ACE types outside the model's scope (DESIGN.md): conditional,
 * resource attribute and scoped policy ACEs. */
static const char *const sddl_unsupported_types[] = { "XA", "XD", "XU", "ZA", "RA", "SP" };

/* DACL/SACL control bits for P, AR, AI: [acl][0..2]. */
static const uint16_t sddl_acl_flag_bits[2][3] = {
	{ CADCOM_SD_DACL_PROTECTED, CADCOM_SD_DACL_AUTO_INHERIT_REQ, CADCOM_SD_DACL_AUTO_INHERITED },
	{ CADCOM_SD_SACL_PROTECTED, CADCOM_SD_SACL_AUTO_INHERIT_REQ, CADCOM_SD_SACL_AUTO_INHERITED },
};

#define SDDL_NULL_ACL "NO_ACCESS_CONTROL"

#endif
