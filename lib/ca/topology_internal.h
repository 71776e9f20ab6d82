/*
 * libcadcom — a topology's representation and the helpers shared by
 * topology.c (building, checking, reading) and topology_json.c (the JSON
 * reader and writer); never installed.
 */
#ifndef CADCOM_TOPOLOGY_INTERNAL_H
#define CADCOM_TOPOLOGY_INTERNAL_H

#include "../store/store.h"
#include "cadcom/topology.h"

#define SID_TEXT_MAX 192

struct topo_domain {
	char *name, *netbios;  /* as given (netbios derived when not) */
	struct cadcom_sid sid; /* S-1-5-21-a-b-c */
	size_t root;           /* index of its forest root (itself for a root) */
	bool enrolls;
};

struct topo_trust {
	size_t trusting, trusted;
	int kind;
};

struct cadcom_topology {
	char *host;
	int role, generation;
	char *ca_name;
	long ca_domain; /* index, or -1 */
	bool has_machine_sid, has_group_sid;
	struct cadcom_sid machine_sid, group_sid;
	struct topo_domain *domains;
	size_t ndomains, cap_domains;
	struct topo_trust *trusts;
	size_t ntrusts, cap_trusts;
	bool dcs_enroll;
};

/* A rule broken: its code, the JSON field it concerns, and the sentence. */
struct problem {
	int code;
	const char *path;
	char msg[400];
};

/* ---- in topology.c, for topology_json.c ---- */
/* SID text into buf; false only when memory ran out. */
bool cadcom__topology_sid_string(const struct cadcom_sid *sid, char buf[SID_TEXT_MAX]);
/* cadcom_topology_add_domain() and cadcom_topology_add_trust(), naming in
 * *field the argument a failure concerns (the JSON reader points at that
 * field). */
int cadcom__topology_add_domain(cadcom_topology *t, const char *name, const char *netbios,
				const struct cadcom_sid *sid, const char *forest,
				const char **field);
int cadcom__topology_add_trust(cadcom_topology *t, const char *trusting, const char *trusted,
			       int kind, const char **field);
/* The rules that span fields; nonzero (and *pb filled) when one is broken. */
int cadcom__topology_check(const cadcom_topology *t, struct problem *pb);

#endif
