/*
 * libcadcom — the CA model's shared definitions (never installed).
 */
#ifndef CADCOM_CA_INTERNAL_H
#define CADCOM_CA_INTERNAL_H

#include "../store/store.h"
#include "cadcom/topology.h"
#include "cadcom/ca.h"

struct finding {
	int severity, layer;
	char *text, *evidence, *fix;
};

struct action {
	int kind, layer;
	char *text;
	/* SET_VALUE */
	char *key, *name;
	int type, old_type;
	unsigned char *data, *old;
	size_t len, old_len;
	bool had_old;
	/* CREATE_GROUP, ADD_MEMBER */
	struct cadcom_sid group, member;
};

struct cadcom_plan {
	size_t n_assumptions, n_findings, n_actions;
	size_t cap_assumptions, cap_findings, cap_actions;
	char **assumptions;
	struct finding *findings;
	struct action *actions;
	bool failed; /* an allocation failed while building: compute reports ENOMEM */
};

/* ---- the CA facts (facts.c): every registry path, default and SID, once ---- */
#define OLE_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Ole"
#define POLICY_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\DCOM"
#define APPID_KEY "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\AppID\\" CADCOM_CERTSRV_REQUEST_APPID
#define CERTSVC_CONFIG_KEY "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\CertSvc\\Configuration"
#define GROUP_2003_NAME "CERTSVC_DCOM_ACCESS"
#define GROUP_2008_NAME "Certificate Service DCOM Access"

/* One DCOM descriptor the CA depends on. */
struct dcom_layer {
	int layer;             /* CADCOM_LAYER_* */
	const char *label;     /* "machine launch restriction" */
	int kind;              /* CADCOM_COM_LAUNCH / ACCESS */
	const char *key, *value;
	const char *policy_value;   /* machine layers: the Group Policy override, else NULL */
	const char *policy_name;    /* the policy's name in the Group Policy editor */
	const char *fallback_value; /* app layers: the Ole default used when absent */
	const char *windows_default;/* SDDL Windows uses when the value (and fallback) is absent */
	const char *default_source; /* where that default comes from */
	bool for_group;             /* grantee: the DCOM group (else Everyone) */
	unsigned perms;             /* checkboxes the grantee needs */
};
extern const struct dcom_layer cadcom__dcom_layers[4];

/* The certificate template (facts.md §9): an AD object of class
 * pKICertificateTemplate whose nTSecurityDescriptor grants enrolment as
 * extended rights, ADS_RIGHT_DS_CONTROL_ACCESS in object ACEs.  AD's generic
 * mapping (ADS_RIGHT_GENERIC_*) says what GR/GW/GX/GA stand for. */
#define DS_CONTROL_ACCESS 0x100u
#define DS_GENERIC_READ 0x20094u
#define DS_GENERIC_WRITE 0x20028u
#define DS_GENERIC_EXECUTE 0x20004u
#define DS_GENERIC_ALL 0xF01FFu
enum { TEMPLATE_ENROLL, TEMPLATE_AUTOENROLL };
struct template_right {
	const char *label; /* the Security tab's checkbox: "Enroll" */
	const char *name;  /* the extended right's cn: "Certificate-Enrollment" */
	const char *guid;  /* its rightsGuid */
};
extern const char cadcom__template_class_guid[];
extern const struct template_right cadcom__template_rights[2];

/* ---- reading the layers (layers.c) ---- */
/* A registry value of the target; CADCOM_ENOTFOUND also without a target. */
int cadcom__ca_read(cadcom_target *t, const char *key, const char *name, int *type,
		    unsigned char **data, size_t *len);
enum { SD_FROM_VALUE = 1, SD_FROM_FALLBACK, SD_FROM_DEFAULT };
/* The layer's descriptor without Group Policy: the value, the Ole default it
 * falls back to, or Windows' built-in default (*from says which).  With
 * `old`, the value's own bytes when it exists (free with cadcom_free()). */
int cadcom__layer_sd(cadcom_target *t, const struct dcom_layer *L, cadcom_sd **sd, int *from,
		     unsigned char **old, size_t *old_len);
/* The Group Policy override: 1 with *sd and its *text (a parse failure is an
 * error with both possibly set; free both), 0 when there is none. */
int cadcom__layer_policy(cadcom_target *t, const struct dcom_layer *L, const cadcom_sid *domain,
			 cadcom_sd **sd, char **text);

/* The CA's DCOM group: 2008 and later the builtin S-1-5-32-574; 2003 SP1
 * CERTSVC_DCOM_ACCESS (domain local on a DC, computer-local otherwise), its
 * SID from the topology or the directory when either knows it. */
struct ca_group {
	struct cadcom_sid sid;
	bool known; /* sid is set */
	int scope;  /* CADCOM_SCOPE_* it must have */
	char *name; /* for messages ("CONTOSO\CERTSVC_DCOM_ACCESS"); free() */
};
int cadcom__ca_group(const cadcom_topology *topo, cadcom_directory *dir, struct ca_group *g);

/* How messages name a SID: the DCOM group's name, the directory's name,
 * "NETBIOS\Domain Users" for well-known domain RIDs, "BUILTIN\..." for
 * builtin aliases, a well-known name, or the SID (free with free()). */
char *cadcom__ca_display(const cadcom_topology *topo, cadcom_directory *dir,
			 const struct cadcom_sid *group, const char *group_name,
			 const struct cadcom_sid *sid);

/* ---- JSON input (topology_json.c; the plan reader too) ---- */
struct json_t;
/* "an object", "a string", "null"...: what a value is, for messages. */
const char *cadcom__json_kind(const struct json_t *v);

/* ---- a plan as text and JSON (plan_out.c, plan_json.c) ---- */
/* "REG_DWORD" for CADCOM_REG_DWORD (cadcom__reg_type_names); "a value of
 * unknown type" for others, so that messages can always name it. */
const char *cadcom__ca_type_name(int type);

/* The words of the plan's text and JSON forms, each table indexed by the
 * value it names (NULL where none). */
struct plan_words {
	const char *const *word;
	size_t n;
};
extern const struct plan_words cadcom__severity_words, cadcom__layer_words, cadcom__kind_words,
	cadcom__type_words;
/* The word for `value`, or NULL. */
const char *cadcom__plan_word(const struct plan_words *w, int value);
/* Severity and layer words, "info" and "?" for values out of range. */
const char *cadcom__severity_name(int severity);
const char *cadcom__layer_name(int layer);
/* A registry value's bytes as SDDL when they are a descriptor (malloc'd
 * through cadcom_free()), else NULL. */
char *cadcom__value_sddl(const unsigned char *data, size_t len);

/* ---- CertSvc's SetupStatus (layers.c) ---- */
/* The planner's findings on SetupStatus, one per place that holds it
 * (doc/CA.md); read errors become a warning, ENOMEM fails. */
int cadcom__setup_layer(struct cadcom_plan *p, cadcom_target *t, const cadcom_topology *topo);

/* ---- building a plan (plan.c) ---- */
void cadcom__plan_assume(struct cadcom_plan *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
struct finding *cadcom__plan_find(struct cadcom_plan *p, int severity, int layer, const char *fmt,
				  ...) __attribute__((format(printf, 4, 5)));
struct action *cadcom__plan_act(struct cadcom_plan *p, int kind, int layer, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Free the actions past the first `n` (a step that failed half way). */
void cadcom__plan_truncate(struct cadcom_plan *p, size_t n);

#endif
