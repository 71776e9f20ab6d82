/*
 * libcadcom — security descriptors, ACLs and ACEs (MS-DTYP 2.4.4–2.4.6) and
 * their SDDL text form (MS-DTYP 2.5.1; Microsoft's "Security Descriptor String
 * Format", "ACE Strings", "SID Strings").
 *
 * A descriptor has an optional owner and group and two ACLs (DACL, SACL).
 * Each ACL is absent, NULL (present without an ACL: "D:NO_ACCESS_CONTROL") or
 * present with zero or more ACEs.  Pointers returned into a descriptor (owner,
 * group, ACEs) stay valid until that part of the descriptor is changed or the
 * descriptor is freed.  A descriptor may be read from several threads at once;
 * changing it needs exclusive access.
 */
#ifndef CADCOM_SD_H
#define CADCOM_SD_H

#include "common.h"
#include "sid.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cadcom_sd cadcom_sd;
typedef struct cadcom_ace cadcom_ace;

/** ACE types (ACE_HEADER.AceType) the model handles. */
enum cadcom_ace_types {
	CADCOM_ACE_ACCESS_ALLOWED = 0x00,        /**< SDDL "A" */
	CADCOM_ACE_ACCESS_DENIED = 0x01,         /**< "D" */
	CADCOM_ACE_SYSTEM_AUDIT = 0x02,          /**< "AU" */
	CADCOM_ACE_SYSTEM_ALARM = 0x03,          /**< "AL" */
	CADCOM_ACE_ACCESS_ALLOWED_OBJECT = 0x05, /**< "OA" */
	CADCOM_ACE_ACCESS_DENIED_OBJECT = 0x06,  /**< "OD" */
	CADCOM_ACE_SYSTEM_AUDIT_OBJECT = 0x07,   /**< "OU" */
	CADCOM_ACE_SYSTEM_ALARM_OBJECT = 0x08,   /**< "OL" */
	CADCOM_ACE_MANDATORY_LABEL = 0x11        /**< "ML" */
};

/** ACE flags (ACE_HEADER.AceFlags). */
enum cadcom_ace_flag {
	CADCOM_ACE_OBJECT_INHERIT = 0x01,    /**< "OI" */
	CADCOM_ACE_CONTAINER_INHERIT = 0x02, /**< "CI" */
	CADCOM_ACE_NO_PROPAGATE = 0x04,      /**< "NP" */
	CADCOM_ACE_INHERIT_ONLY = 0x08,      /**< "IO" */
	CADCOM_ACE_INHERITED = 0x10,         /**< "ID" */
	CADCOM_ACE_AUDIT_SUCCESS = 0x40,     /**< "SA" */
	CADCOM_ACE_AUDIT_FAILURE = 0x80      /**< "FA" */
};

/** Security descriptor control bits (SECURITY_DESCRIPTOR.Control). */
enum cadcom_sd_control_flag {
	CADCOM_SD_OWNER_DEFAULTED = 0x0001,
	CADCOM_SD_GROUP_DEFAULTED = 0x0002,
	CADCOM_SD_DACL_PRESENT = 0x0004,
	CADCOM_SD_DACL_DEFAULTED = 0x0008,
	CADCOM_SD_SACL_PRESENT = 0x0010,
	CADCOM_SD_SACL_DEFAULTED = 0x0020,
	CADCOM_SD_DACL_TRUSTED = 0x0040,
	CADCOM_SD_SERVER_SECURITY = 0x0080,
	CADCOM_SD_DACL_AUTO_INHERIT_REQ = 0x0100, /**< DACL "AR" */
	CADCOM_SD_SACL_AUTO_INHERIT_REQ = 0x0200, /**< SACL "AR" */
	CADCOM_SD_DACL_AUTO_INHERITED = 0x0400,   /**< DACL "AI" */
	CADCOM_SD_SACL_AUTO_INHERITED = 0x0800,   /**< SACL "AI" */
	CADCOM_SD_DACL_PROTECTED = 0x1000,        /**< DACL "P" */
	CADCOM_SD_SACL_PROTECTED = 0x2000,        /**< SACL "P" */
	CADCOM_SD_RM_CONTROL_VALID = 0x4000,
	CADCOM_SD_SELF_RELATIVE = 0x8000
};

/** Which ACL. */
enum cadcom_acl_kind { CADCOM_DACL = 0, CADCOM_SACL = 1 };

/** An ACL's state. */
enum cadcom_acl_state {
	CADCOM_ACL_ABSENT = 0,  /**< not in the descriptor (control bit clear) */
	CADCOM_ACL_NULL = 1,    /**< present flag set, no ACL: grants everything */
	CADCOM_ACL_PRESENT = 2  /**< an ACL with zero or more ACEs */
};

/** ACL revisions: 2 for ordinary ACLs, 4 when object ACEs are present. */
#define CADCOM_ACL_REVISION 2
#define CADCOM_ACL_REVISION_DS 4

/** Most ACEs one ACL can hold: its 16-bit size field allows 65535 bytes. */
#define CADCOM_ACL_MAX_BYTES 65535

/* ---- descriptors -------------------------------------------------------- */

/** An empty descriptor: no owner, no group, both ACLs absent. */
CADCOM_EXTERN int cadcom_sd_new(cadcom_sd **out);
CADCOM_EXTERN void cadcom_sd_free(cadcom_sd *sd);
CADCOM_EXTERN int cadcom_sd_dup(const cadcom_sd *sd, cadcom_sd **out);

/**
 * 1 if the two descriptors are the same: owner, group, control bits (other
 * than SELF_RELATIVE), the resource-manager byte, each ACL's state, revision
 * and ACEs in order.
 */
CADCOM_EXTERN int cadcom_sd_equal(const cadcom_sd *a, const cadcom_sd *b);

/**
 * Parse SDDL.  Accepts what Windows accepts (see doc/SDDL.md): case-
 * insensitive tokens except the part letters O: G: D: S:, the whitespace
 * Windows tolerates, numeric masks in hex, octal and decimal with Windows'
 * clamping.  Conditional (XA, XD, XU, ZA), resource attribute (RA) and scoped
 * policy (SP) ACEs fail with CADCOM_EUNSUPPORTED.  `domain` (may be NULL)
 * resolves domain-relative aliases.  On error, cadcom_error_offset() gives
 * the byte offset in `sddl`.
 */
CADCOM_EXTERN int cadcom_sd_from_sddl(cadcom_sd **out, const char *sddl,
				      const cadcom_sid *domain);

/**
 * Windows' canonical SDDL text: parts in the order O G D S, rights letters in
 * Windows' order, hex for masks with bits that have no letter, FA/FR/FW/FX and
 * KA/KR/KW when the mask is exactly that value, SID aliases that `windows`
 * (CADCOM_WINDOWS_*) knows, lower-case GUIDs.  Free *out with cadcom_free().
 */
CADCOM_EXTERN int cadcom_sd_to_sddl(const cadcom_sd *sd, const cadcom_sid *domain,
				    int windows, char **out);

/** The control bits, with DACL/SACL_PRESENT derived and SELF_RELATIVE set. */
CADCOM_EXTERN uint16_t cadcom_sd_control(const cadcom_sd *sd);

/**
 * Set the control bits other than DACL_PRESENT, SACL_PRESENT and
 * SELF_RELATIVE (those follow the ACLs' states and are ignored here).
 */
CADCOM_EXTERN int cadcom_sd_set_control(cadcom_sd *sd, uint16_t control);

/** The owner, or NULL. */
CADCOM_EXTERN const cadcom_sid *cadcom_sd_owner(const cadcom_sd *sd);
/** Set (copying `sid`) or, with NULL, remove the owner. */
CADCOM_EXTERN int cadcom_sd_set_owner(cadcom_sd *sd, const cadcom_sid *sid);
/** The primary group, or NULL. */
CADCOM_EXTERN const cadcom_sid *cadcom_sd_group(const cadcom_sd *sd);
CADCOM_EXTERN int cadcom_sd_set_group(cadcom_sd *sd, const cadcom_sid *sid);

/** The state (CADCOM_ACL_*) of the DACL or SACL (`acl` is CADCOM_DACL/SACL). */
CADCOM_EXTERN int cadcom_sd_acl_state(const cadcom_sd *sd, int acl);

/**
 * Set an ACL's state.  Going to ABSENT or NULL discards its ACEs; going to
 * PRESENT from another state gives an empty ACL.
 */
CADCOM_EXTERN int cadcom_sd_set_acl_state(cadcom_sd *sd, int acl, int state);

/** The ACL revision (2 or 4), or 0 when the ACL is not present. */
CADCOM_EXTERN int cadcom_sd_acl_revision(const cadcom_sd *sd, int acl);

/** Number of ACEs in the DACL or SACL (0 unless present). */
CADCOM_EXTERN size_t cadcom_sd_ace_count(const cadcom_sd *sd, int acl);

/** ACE `index`, or NULL when out of range.  Valid until that ACL changes. */
CADCOM_EXTERN const cadcom_ace *cadcom_sd_ace(const cadcom_sd *sd, int acl, size_t index);

/**
 * Append a copy of `ace` at the end of the ACL (making it present).  No
 * reordering: for edits that keep canonical order see the editing functions.
 */
CADCOM_EXTERN int cadcom_sd_append_ace(cadcom_sd *sd, int acl, const cadcom_ace *ace);

/**
 * Read a self-relative binary descriptor (MS-DTYP 2.4.6), as stored in
 * REG_BINARY values such as LaunchPermission.  Any valid layout is accepted
 * (parts in any order, shared owner/group bytes, ACL slack); doc/BINARY.md
 * lists what is rejected.  On error, cadcom_error_offset() is the byte offset.
 */
CADCOM_EXTERN int cadcom_sd_from_bytes(cadcom_sd **out, const unsigned char *buf, size_t len);

/**
 * Write the self-relative form byte for byte as Windows does: header, SACL,
 * DACL, owner, group; each ACL exactly as large as its ACEs.  Free *out with
 * cadcom_free().
 */
CADCOM_EXTERN int cadcom_sd_to_bytes(const cadcom_sd *sd, unsigned char **out, size_t *len);

/* ---- editing ACLs (DESIGN.md: edits keep canonical order and never drop or
 * reorder ACEs they were not asked to touch) ------------------------------ */

/**
 * Canonical order (Microsoft, "Order of ACEs in a DACL"): explicit ACEs
 * before inherited ones, and among explicit ones access-denied before
 * access-allowed.  Returns 1 if the ACL is in that order, 0 if not (then
 * *first_bad, if given, is the index of the first ACE out of order), or a
 * negative error.  Absent and NULL ACLs are canonical.
 */
CADCOM_EXTERN int cadcom_sd_acl_is_canonical(const cadcom_sd *sd, int acl, size_t *first_bad);

/**
 * Insert a copy of `ace` at its canonical position: an explicit deny after
 * the explicit denies, an explicit allow (or audit) after the explicit
 * ACEs, an inherited ACE at the end.  Nothing else moves.  *index (may be
 * NULL) receives the position.  The ACL becomes present if it was not.
 */
CADCOM_EXTERN int cadcom_sd_insert_ace(cadcom_sd *sd, int acl, const cadcom_ace *ace,
				       size_t *index);

/** Remove ACE `index` (CADCOM_ENOTFOUND when out of range). */
CADCOM_EXTERN int cadcom_sd_remove_ace(cadcom_sd *sd, int acl, size_t index);

/**
 * Remove every ACE whose trustee is `sid` and, when `type` is not -1, whose
 * type is `type`, and, when `mask` is not 0, whose mask equals `mask`.
 * Returns the number removed (0 is not an error), or a negative error.
 */
CADCOM_EXTERN int cadcom_sd_remove_aces(cadcom_sd *sd, int acl, const cadcom_sid *sid, int type,
					uint32_t mask);

/**
 * Put the ACL into canonical order (stable: ACEs of the same class keep
 * their relative order).  Only on explicit request: nothing else reorders.
 */
CADCOM_EXTERN int cadcom_sd_canonicalize(cadcom_sd *sd, int acl);

/* ---- ACEs --------------------------------------------------------------- */

/** A new ACE.  `type` is a CADCOM_ACE_* type; flags and mask as given. */
CADCOM_EXTERN int cadcom_ace_new(cadcom_ace **out, int type, uint8_t flags, uint32_t mask,
				 const cadcom_sid *sid);
CADCOM_EXTERN void cadcom_ace_free(cadcom_ace *ace);
CADCOM_EXTERN int cadcom_ace_dup(const cadcom_ace *ace, cadcom_ace **out);
CADCOM_EXTERN int cadcom_ace_equal(const cadcom_ace *a, const cadcom_ace *b);

CADCOM_EXTERN int cadcom_ace_type(const cadcom_ace *ace);
CADCOM_EXTERN uint8_t cadcom_ace_flags(const cadcom_ace *ace);
CADCOM_EXTERN uint32_t cadcom_ace_mask(const cadcom_ace *ace);
/** The trustee.  Valid as long as the ACE. */
CADCOM_EXTERN const cadcom_sid *cadcom_ace_sid(const cadcom_ace *ace);

CADCOM_EXTERN int cadcom_ace_set_flags(cadcom_ace *ace, uint8_t flags);
CADCOM_EXTERN int cadcom_ace_set_mask(cadcom_ace *ace, uint32_t mask);

/** 1 for the object ACE types (OA, OD, OU, OL), else 0. */
CADCOM_EXTERN int cadcom_ace_is_object(const cadcom_ace *ace);

/**
 * The object type GUID as lower-case text (free with cadcom_free()), or
 * CADCOM_ENOTFOUND when the ACE has none.
 */
CADCOM_EXTERN int cadcom_ace_object_type(const cadcom_ace *ace, char **out);
CADCOM_EXTERN int cadcom_ace_inherited_object_type(const cadcom_ace *ace, char **out);

/**
 * Set (from "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx") or, with NULL, clear a
 * GUID of an object ACE.  CADCOM_EINVAL for non-object ACE types.
 */
CADCOM_EXTERN int cadcom_ace_set_object_type(cadcom_ace *ace, const char *guid);
CADCOM_EXTERN int cadcom_ace_set_inherited_object_type(cadcom_ace *ace, const char *guid);

/** One ACE in SDDL, "(A;;CCDC;;;WD)", as cadcom_sd_to_sddl() writes it. */
CADCOM_EXTERN int cadcom_ace_to_sddl(const cadcom_ace *ace, const cadcom_sid *domain,
				     int windows, char **out);

#ifdef __cplusplus
}
#endif
#endif
