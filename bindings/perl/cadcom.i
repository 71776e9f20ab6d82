/*
 * libcadcom — Perl 5 binding (SWIG): the module Cadcom (Cadcom.pm and the
 * XS library auto/Cadcom/Cadcom.so).  Cadcom.pod documents it for users.
 *
 * Everything is wrapped from the public headers with %include; this file
 * only adds typemaps for the library's conventions, the Perl way:
 *
 *   - status functions (int: 0 ok, negative CADCOM_E*) die with a
 *     Cadcom::Error object (->code, ->message, ->offset, ->name; it
 *     stringifies to the library's message and the caller's file and line)
 *     and otherwise return their out-parameters: a list, in parameter
 *     order, of which scalar context gets the first;
 *   - out-parameter objects (`cadcom_sd **out`, ...) belong to Perl and are
 *     freed by DESTROY through their cadcom_*_free(); `char **out` becomes a
 *     Perl string and `unsigned char **out, size_t *len` a byte string, both
 *     released with cadcom_free();
 *   - borrowed `const cadcom_sid *` / `const cadcom_ace *` results are
 *     returned as owned copies (as the Python binding does); the borrowed
 *     back-ends (a target's registry and directory, an AD session's
 *     directory and environment) are returned as objects that keep their
 *     parent alive, so they can never outlive it;
 *   - option structs are hashes: {backup_dir => ..., flags => ...} in, and
 *     *_options_init() returns one filled with the defaults; the apply
 *     progress callback is a code reference;
 *   - the cadcom_ / CADCOM_ prefixes are stripped: Cadcom::sid_from_string(),
 *     Cadcom::EPARSE (a constant sub).
 *
 * Functions deliberately not wrapped (the %ignore lines below), 22 of 319:
 *   cadcom_free: the binding frees every string and buffer it copies into
 *     Perl; a script never holds a library buffer, and a call would
 *     double-free;
 *   the destructors, called by each object's DESTROY when its last Perl
 *     reference goes (a call by hand would double-free): cadcom_sid_free,
 *     cadcom_sd_free, cadcom_ace_free, cadcom_token_free,
 *     cadcom_access_request_free, cadcom_access_result_free,
 *     cadcom_com_report_free, cadcom_env_free, cadcom_principal_free,
 *     cadcom_registry_free, cadcom_directory_free, cadcom_regfile_free,
 *     cadcom_target_free, cadcom_credentials_free, cadcom_topology_free,
 *     cadcom_plan_free, cadcom_events_free, cadcom_verdict_free,
 *     cadcom_apply_free, cadcom_ad_close, cadcom_ad_cas_free.
 * Nothing else is left out: the apply progress callback (a C function
 * pointer) is a Perl code reference, and the borrowed back-ends that the
 * Python binding leaves out are wrapped (see CADCOM_BORROWED_BACKEND).
 * t/api.t checks that every other function of the public headers is
 * defined in Cadcom::.
 *
 * As in the Python binding, int is used both for status codes and for plain
 * values (cadcom_sid_compare() returns negative numbers that are not errors),
 * so the fallible functions are listed by name below; t/api.t fails when an
 * int function of the headers is in neither list.
 */
%module Cadcom

%{
#include <limits.h>
#include <string.h>
#include "cadcom/common.h"
#include "cadcom/error.h"
#include "cadcom/sid.h"
#include "cadcom/sd.h"
#include "cadcom/token.h"
#include "cadcom/access.h"
#include "cadcom/comrights.h"
#include "cadcom/scope.h"
#include "cadcom/registry.h"
#include "cadcom/directory.h"
#include "cadcom/regfile.h"
#include "cadcom/target.h"
#include "cadcom/remote.h"
#include "cadcom/service.h"
#include "cadcom/topology.h"
#include "cadcom/ca.h"
#include "cadcom/event.h"
#include "cadcom/verdict.h"
#include "cadcom/ad.h"
#include "cadcom/apply.h"
#include "cadcom/version.h"

/* Library text as a Perl string: a character string when it is UTF-8 with
 * non-ASCII characters, else the bytes as they are (messages quote input
 * that need not be UTF-8).  Not mortal. */
static SV *cadcom_pl_newtext(pTHX_ const char *s)
{
	size_t n = strlen(s), i;
	SV *sv = newSVpvn(s, n);

	for (i = 0; i < n && !((unsigned char)s[i] & 0x80); i++)
		;
	if (i < n && is_utf8_string((const U8 *)s, n))
		SvUTF8_on(sv);
	return sv;
}

/* The same, mortal; undef for NULL. */
static SV *cadcom_pl_text(pTHX_ const char *s)
{
	return s ? sv_2mortal(cadcom_pl_newtext(aTHX_ s)) : &PL_sv_undef;
}

/* $@ = a Cadcom::Error for `code`, described by this thread's last error
 * when it is the one `code` came from (fallible wrappers clear it before
 * the call).  The caller then fails (SWIG_fail), which croaks with $@. */
static void cadcom_pl_set_error(pTHX_ int code)
{
	const cadcom_error *err = cadcom_error_last();
	const char *msg = cadcom_error_name(code);
	long offset = -1;
	HV *hv = newHV();
	SV *rv;

	if (err && cadcom_error_code(err) == code) {
		msg = cadcom_error_message(err);
		offset = cadcom_error_offset(err);
	}
	(void)hv_stores(hv, "code", newSViv(code));
	(void)hv_stores(hv, "message", cadcom_pl_newtext(aTHX_ msg));
	(void)hv_stores(hv, "offset", newSViv(offset));
	(void)hv_stores(hv, "name", newSVpv(cadcom_error_name(code), 0));
	/* Where the script called us: XSUBs do not change PL_curcop. */
	(void)hv_stores(hv, "file", newSVpv(CopFILE(PL_curcop) ? CopFILE(PL_curcop) : "-e", 0));
	(void)hv_stores(hv, "line", newSVuv((UV)CopLINE(PL_curcop)));
	rv = newRV_noinc((SV *)hv);
	sv_bless(rv, gv_stashpvs("Cadcom::Error", GV_ADD));
	sv_setsv(ERRSV, rv);
	SvREFCNT_dec(rv);
}

/* The position of an argument in the Perl call (1-based): typemaps pass
 * CADCOM_PL_ARG($input), and $input is ST(n). */
#define CADCOM_PL_ARG(input) ((int)(&(input) - &ST(0)) + 1)

/* What a Perl value is, for messages. */
static void cadcom_pl_describe(pTHX_ SV *sv, SV *out)
{
	if (!SvOK(sv))
		sv_catpvs(out, "undef");
	else if (sv_isobject(sv))
		sv_catpvf(out, "a %s object", sv_reftype(SvRV(sv), 1));
	else if (SvROK(sv))
		sv_catpvf(out, "a%s %s reference", SvTYPE(SvRV(sv)) == SVt_PVAV ? "n" : "",
			  sv_reftype(SvRV(sv), 0));
	else if (looks_like_number(sv))
		sv_catpvs(out, "a number");
	else
		sv_catpvs(out, "a string");
}

/* $@ = "TypeError in Cadcom::METHOD: argument N (NAME) must be WHAT, not
 * <what it is>". */
static void cadcom_pl_arg_error(pTHX_ const char *kind, const char *method, int pos,
				const char *name, SV *arg, const char *what)
{
	SV *msg = sv_2mortal(newSVpvf("%s in Cadcom::%s: argument %d (%s) %s", kind, method, pos,
				      name, what));

	if (arg) {
		sv_catpvs(msg, ", not ");
		cadcom_pl_describe(aTHX_ arg, msg);
	}
	sv_setsv(ERRSV, msg);
}

/* A text argument: undef gives NULL; a reference (other than an object
 * that stringifies) is refused; an embedded NUL would silently cut the
 * text short in C, so it is refused too.  Character strings are passed as
 * UTF-8, byte strings as they are. */
static int cadcom_pl_str(pTHX_ SV *sv, const char **out, STRLEN *lenp, const char *method,
			 int pos, const char *name)
{
	STRLEN len;
	const char *s;

	if (SvGMAGICAL(sv))
		sv = sv_mortalcopy(sv); /* one FETCH: the buffer must stay put */
	if (!SvOK(sv)) {
		*out = NULL;
		if (lenp)
			*lenp = 0;
		return 0;
	}
	if (SvROK(sv) && !SvAMAGIC(sv)) {
		cadcom_pl_arg_error(aTHX_ "TypeError", method, pos, name, sv,
				    "must be a string or undef");
		return -1;
	}
	s = SvPV(sv, len);
	if (!lenp && strlen(s) != len) {
		cadcom_pl_arg_error(aTHX_ "ValueError", method, pos, name, NULL,
				    "holds a NUL character, which would cut it short");
		return -1;
	}
	*out = s;
	if (lenp)
		*lenp = len;
	return 0;
}

/* A byte-string argument: a defined non-reference scalar; character
 * strings must fit in bytes (as print to a raw handle requires). */
static int cadcom_pl_bytes(pTHX_ SV *sv, const unsigned char **out, size_t *lenp,
			   const char *method, int pos, const char *name)
{
	STRLEN len;

	if (SvGMAGICAL(sv))
		sv = sv_mortalcopy(sv);
	if (!SvOK(sv) || (SvROK(sv) && !SvAMAGIC(sv))) {
		cadcom_pl_arg_error(aTHX_ "TypeError", method, pos, name, sv, "must be a byte string");
		return -1;
	}
	if (SvUTF8(sv)) {
		sv = sv_mortalcopy(sv); /* leave the caller's string alone */
		if (!sv_utf8_downgrade(sv, TRUE)) {
			cadcom_pl_arg_error(aTHX_ "ValueError", method, pos, name, NULL,
					    "must be a byte string: it holds a character above "
					    "255 (encode it first)");
			return -1;
		}
	}
	*out = (const unsigned char *)SvPV(sv, len);
	*lenp = (size_t)len;
	return 0;
}

/* An unsigned option or array element: a number, integral, in range. */
static int cadcom_pl_uint(pTHX_ SV *sv, UV max, UV *out)
{
	NV nv;

	if (!SvOK(sv) || (SvROK(sv) && !SvAMAGIC(sv)) || !looks_like_number(sv))
		return -1;
	if (SvIOK(sv) && !SvIsUV(sv)) {
		if (SvIVX(sv) < 0 || (UV)SvIVX(sv) > max)
			return -1;
		*out = (UV)SvIVX(sv);
		return 0;
	}
	if (SvIOK(sv) && SvIsUV(sv)) {
		if (SvUVX(sv) > max)
			return -1;
		*out = SvUVX(sv);
		return 0;
	}
	nv = SvNV(sv);
	if (!(nv >= 0) || nv > (NV)max || nv != (NV)(UV)nv)
		return -1;
	*out = (UV)nv;
	return 0;
}

/* Borrowed back-ends: the result holds a reference to its parent object
 * (the first argument) in its own ext magic, dropped when it dies. */
static MGVTBL cadcom_pl_keep_alive_vtbl;

static void cadcom_pl_keep_alive(pTHX_ SV *result, SV *parent)
{
	if (SvROK(result) && SvROK(parent))
		sv_magicext(SvRV(result), SvRV(parent), PERL_MAGIC_ext, &cadcom_pl_keep_alive_vtbl,
			    NULL, 0);
}

/* ---- option hashes -------------------------------------------------- */

/* The apply progress callback: a code reference.  If it dies, it is not
 * called again, and the wrapper rethrows its error once the apply (which
 * cannot be interrupted mid-step) has returned. */
struct cadcom_pl_progress {
	SV *cb;
	SV *error;
};

static void cadcom_pl_progress_cb(void *arg, size_t step, size_t count, const char *text,
				  int state)
{
	struct cadcom_pl_progress *p = arg;
	dTHX;
	dSP;

	if (p->error)
		return;
	ENTER;
	SAVETMPS;
	PUSHMARK(SP);
	EXTEND(SP, 4);
	mPUSHu((UV)step);
	mPUSHu((UV)count);
	PUSHs(cadcom_pl_text(aTHX_ text));
	mPUSHi((IV)state);
	PUTBACK;
	call_sv(p->cb, G_DISCARD | G_EVAL);
	SPAGAIN;
	if (SvTRUE(ERRSV))
		p->error = newSVsv(ERRSV);
	PUTBACK;
	FREETMPS;
	LEAVE;
}

enum cadcom_pl_opt_kind { OPT_UINT, OPT_INT, OPT_STR, OPT_CODE };

struct cadcom_pl_opt {
	const char *key;
	enum cadcom_pl_opt_kind kind;
	size_t offset;
};

#define CADCOM_PL_OPT(S, K, F) { #F, K, offsetof(S, F) }

static const struct cadcom_pl_opt cadcom_pl_apply_opts[] = {
	CADCOM_PL_OPT(cadcom_apply_options, OPT_UINT, version),
	CADCOM_PL_OPT(cadcom_apply_options, OPT_UINT, flags),
	CADCOM_PL_OPT(cadcom_apply_options, OPT_STR, backup_dir),
	CADCOM_PL_OPT(cadcom_apply_options, OPT_STR, service),
	CADCOM_PL_OPT(cadcom_apply_options, OPT_UINT, timeout_ms),
	CADCOM_PL_OPT(cadcom_apply_options, OPT_CODE, progress),
	{ NULL, OPT_UINT, 0 }
};
static const struct cadcom_pl_opt cadcom_pl_remote_opts[] = {
	CADCOM_PL_OPT(cadcom_remote_options, OPT_UINT, version),
	CADCOM_PL_OPT(cadcom_remote_options, OPT_UINT, timeout_ms),
	CADCOM_PL_OPT(cadcom_remote_options, OPT_INT, encryption),
	{ NULL, OPT_UINT, 0 }
};
static const struct cadcom_pl_opt cadcom_pl_ad_opts[] = {
	CADCOM_PL_OPT(cadcom_ad_options, OPT_UINT, version),
	CADCOM_PL_OPT(cadcom_ad_options, OPT_INT, transport),
	CADCOM_PL_OPT(cadcom_ad_options, OPT_STR, ca_file),
	CADCOM_PL_OPT(cadcom_ad_options, OPT_UINT, timeout_ms),
	CADCOM_PL_OPT(cadcom_ad_options, OPT_UINT, min_ssf),
	CADCOM_PL_OPT(cadcom_ad_options, OPT_INT, allow_plain_simple_bind),
	{ NULL, OPT_UINT, 0 }
};

/*
 * Fill `opts` from a hash reference: the library's defaults for its
 * "version" (default: the current one) by `init`, then each key.  Unknown
 * keys and ill-typed values are refused; strings are copied into mortal
 * scalars so that they outlive any change to the hash during the call.
 */
static int cadcom_pl_options(pTHX_ SV *sv, void *opts, const struct cadcom_pl_opt *table,
			     int (*init)(void *, unsigned int), unsigned int version,
			     struct cadcom_pl_progress *prog, const char *what,
			     const char *method, int pos)
{
	HV *hv;
	HE *he;
	SV **v;
	UV u;
	int rc;

	if (!SvROK(sv) || SvTYPE(SvRV(sv)) != SVt_PVHV || SvOBJECT(SvRV(sv))) {
		SV *m = sv_2mortal(newSVpvf("must be a hash reference of %s options or undef", what));
		cadcom_pl_arg_error(aTHX_ "TypeError", method, pos, "opts", sv, SvPV_nolen(m));
		return -1;
	}
	hv = (HV *)SvRV(sv);
	if ((v = hv_fetchs(hv, "version", 0)) && SvOK(*v)) {
		if (cadcom_pl_uint(aTHX_ *v, UINT_MAX, &u) < 0) {
			sv_setpvf(ERRSV, "TypeError in Cadcom::%s: argument %d (opts): %s option "
					 "'version' must be an unsigned integer", method, pos, what);
			return -1;
		}
		version = (unsigned int)u;
	}
	cadcom_error_clear();
	if ((rc = init(opts, version)) < 0) {
		cadcom_pl_set_error(aTHX_ rc);
		return -1;
	}
	hv_iterinit(hv);
	while ((he = hv_iternext(hv))) {
		STRLEN klen;
		const char *key = HePV(he, klen);
		SV *val = HeVAL(he);
		const struct cadcom_pl_opt *o;
		char *field;

		for (o = table; o->key && strcmp(o->key, key); o++)
			;
		if (!o->key || strlen(key) != klen) {
			SV *known = sv_2mortal(newSVpvs(""));
			for (o = table; o->key; o++)
				sv_catpvf(known, "%s%s", o == table ? "" : ", ", o->key);
			sv_setpvf(ERRSV, "ValueError in Cadcom::%s: argument %d (opts): unknown %s "
					 "option '%s' (known: %" SVf ")", method, pos, what, key,
				  SVfARG(known));
			return -1;
		}
		field = (char *)opts + o->offset;
		if (SvGMAGICAL(val))
			val = sv_mortalcopy(val);
		switch (o->kind) {
		case OPT_UINT:
			if (cadcom_pl_uint(aTHX_ val, UINT_MAX, &u) < 0)
				goto bad_value;
			*(unsigned int *)(void *)field = (unsigned int)u;
			break;
		case OPT_INT:
			if (!SvOK(val) || (SvROK(val) && !SvAMAGIC(val)) || !looks_like_number(val) ||
			    SvNV(val) < INT_MIN || SvNV(val) > INT_MAX || SvNV(val) != (NV)SvIV(val))
				goto bad_value;
			*(int *)(void *)field = (int)SvIV(val);
			break;
		case OPT_STR: {
			const char *s;
			if (!SvOK(val) || !SvROK(val) || SvAMAGIC(val)) {
				if (cadcom_pl_str(aTHX_ sv_mortalcopy(val), &s, NULL, method, pos,
						  "opts") == 0) {
					*(const char **)(void *)field = s;
					break;
				}
				return -1;
			}
			goto bad_value;
		}
		case OPT_CODE:
			if (!SvOK(val))
				break;
			if (!SvROK(val) || SvTYPE(SvRV(val)) != SVt_PVCV)
				goto bad_value;
			prog->cb = sv_mortalcopy(val); /* the hash may change meanwhile */
			prog->error = NULL;
			((cadcom_apply_options *)opts)->progress = cadcom_pl_progress_cb;
			((cadcom_apply_options *)opts)->progress_arg = prog;
			break;
		}
		continue;
bad_value:
		{
			SV *m = sv_2mortal(newSVpvf("TypeError in Cadcom::%s: argument %d (opts): %s "
						    "option '%s' must be %s, not ", method, pos,
						    what, key,
						    o->kind == OPT_UINT  ? "an unsigned integer"
						    : o->kind == OPT_INT ? "an integer"
						    : o->kind == OPT_STR ? "a string or undef"
									 : "a code reference or undef"));
			cadcom_pl_describe(aTHX_ val, m);
			sv_setsv(ERRSV, m);
		}
		return -1;
	}
	return 0;
}
/* The options a struct holds, as a hash reference (mortal). */
static SV *cadcom_pl_options_hash(pTHX_ const void *opts, const struct cadcom_pl_opt *table)
{
	HV *hv = newHV();
	const struct cadcom_pl_opt *o;

	for (o = table; o->key; o++) {
		const char *field = (const char *)opts + o->offset;
		SV *v = NULL;

		switch (o->kind) {
		case OPT_UINT:
			v = newSVuv(*(const unsigned int *)(const void *)field);
			break;
		case OPT_INT:
			v = newSViv(*(const int *)(const void *)field);
			break;
		case OPT_STR: {
			const char *s = *(const char *const *)(const void *)field;
			v = s ? cadcom_pl_newtext(aTHX_ s) : newSV(0);
			break;
		}
		case OPT_CODE:
			v = newSV(0);
			break;
		}
		(void)hv_store(hv, o->key, (I32)strlen(o->key), v, 0);
	}
	return sv_2mortal(newRV_noinc((SV *)hv));
}

static int cadcom_pl_apply_init(void *o, unsigned int v)
{
	return cadcom_apply_options_init(o, v);
}
static int cadcom_pl_remote_init(void *o, unsigned int v)
{
	return cadcom_remote_options_init(o, v);
}
static int cadcom_pl_ad_init(void *o, unsigned int v)
{
	return cadcom_ad_options_init(o, v);
}
%}

%include <stdint.i>

/* ---- names ------------------------------------------------------------- */

%rename("%(regex:/^(cadcom|CADCOM)_(.+)$/\\2/)s") "";
%rename(Sid) cadcom_sid;
%rename(SD) cadcom_sd;
%rename(Ace) cadcom_ace;
%rename(Token) cadcom_token;
%rename(AccessRequest) cadcom_access_request;
%rename(AccessResult) cadcom_access_result;
%rename(ComReport) cadcom_com_report;
%rename(Env) cadcom_env;
%rename(Principal) cadcom_principal;
%rename(Registry) cadcom_registry;
%rename(Directory) cadcom_directory;
%rename(RegFile) cadcom_regfile;
%rename(Target) cadcom_target;
%rename(Credentials) cadcom_credentials;
%rename(Topology) cadcom_topology;
%rename(Plan) cadcom_plan;
%rename(Events) cadcom_events;
%rename(Verdict) cadcom_verdict;
%rename(AD) cadcom_ad;
%rename(EnrollmentServices) cadcom_ad_cas;
%rename(Apply) cadcom_apply;
%rename(LastError) cadcom_error;
/* enum cadcom_verdict_result and the function cadcom_verdict_result()
 * would both become verdict_result, and SWIG would drop the function. */
%rename("VerdictResultEnum", %$isenum) cadcom_verdict_result;

/* Memory is managed by the wrappers: explicit frees would double-free. */
%ignore cadcom_free;
%ignore cadcom_sid_free;
%ignore cadcom_sd_free;
%ignore cadcom_ace_free;
%ignore cadcom_token_free;
%ignore cadcom_access_request_free;
%ignore cadcom_access_result_free;
%ignore cadcom_com_report_free;
%ignore cadcom_env_free;
%ignore cadcom_principal_free;
%ignore cadcom_registry_free;
%ignore cadcom_directory_free;
%ignore cadcom_regfile_free;
%ignore cadcom_target_free;
%ignore cadcom_credentials_free;
%ignore cadcom_topology_free;
%ignore cadcom_plan_free;
%ignore cadcom_events_free;
%ignore cadcom_verdict_free;
%ignore cadcom_apply_free;
%ignore cadcom_ad_close;
%ignore cadcom_ad_cas_free;
/* Option structs are hashes in Perl (typemaps below), not objects. */
%ignore cadcom_apply_options;
%ignore cadcom_remote_options;
%ignore cadcom_ad_options;

/* ---- objects: opaque, owned by Perl, freed by the library -------------- */

%define CADCOM_OBJECT(TYPE, FREE)
%nodefaultctor TYPE;
struct TYPE {};
%extend TYPE {
	~TYPE() { FREE($self); }
}

/* Result through `TYPE **out`: a new object owned by Perl. */
%typemap(in, numinputs=0) TYPE **out (TYPE *temp = NULL) {
	$1 = &temp;
}
%typemap(argout) TYPE **out {
	if (argvi >= items)
		EXTEND(sp, argvi + 1);
	ST(argvi) = SWIG_NewPointerObj(SWIG_as_voidptr(*$1), $*1_descriptor,
				       SWIG_POINTER_OWN | SWIG_SHADOW);
	*$1 = NULL; /* now owned by the Perl object */
	argvi++;
}
%typemap(freearg) TYPE **out {
	FREE(*$1);
}
%enddef

/* Borrowed pointer into another object: hand Perl an independent copy. */
%define CADCOM_BORROWED_COPY(TYPE, DUP)
%typemap(out) const TYPE * {
	if ($1) {
		TYPE *copy = NULL;
		int rc = DUP($1, &copy);
		if (rc < 0) {
			cadcom_pl_set_error(aTHX_ rc);
			SWIG_fail;
		}
		$result = SWIG_NewPointerObj(SWIG_as_voidptr(copy), $descriptor(TYPE *),
					     SWIG_POINTER_OWN | SWIG_SHADOW);
	} else {
		$result = &PL_sv_undef;
	}
	argvi++;
}
%enddef

/* A back-end borrowed from its parent (the first argument): not owned, and
 * holding the parent alive as long as it lives. */
%define CADCOM_BORROWED_BACKEND(TYPE, FUNC)
%typemap(out) TYPE *FUNC {
	SV *parent = ST(0); /* read before the result takes its slot */
	$result = SWIG_NewPointerObj(SWIG_as_voidptr($1), $1_descriptor, SWIG_SHADOW);
	cadcom_pl_keep_alive(aTHX_ $result, parent);
	argvi++;
}
%enddef

CADCOM_OBJECT(cadcom_sid, cadcom_sid_free)
CADCOM_OBJECT(cadcom_sd, cadcom_sd_free)
CADCOM_OBJECT(cadcom_ace, cadcom_ace_free)
CADCOM_OBJECT(cadcom_token, cadcom_token_free)
CADCOM_OBJECT(cadcom_access_request, cadcom_access_request_free)
CADCOM_OBJECT(cadcom_access_result, cadcom_access_result_free)
CADCOM_OBJECT(cadcom_com_report, cadcom_com_report_free)
CADCOM_OBJECT(cadcom_env, cadcom_env_free)
CADCOM_OBJECT(cadcom_principal, cadcom_principal_free)
CADCOM_OBJECT(cadcom_registry, cadcom_registry_free)
CADCOM_OBJECT(cadcom_directory, cadcom_directory_free)
CADCOM_OBJECT(cadcom_regfile, cadcom_regfile_free)
CADCOM_OBJECT(cadcom_target, cadcom_target_free)
CADCOM_OBJECT(cadcom_credentials, cadcom_credentials_free)
CADCOM_OBJECT(cadcom_topology, cadcom_topology_free)
CADCOM_OBJECT(cadcom_plan, cadcom_plan_free)
CADCOM_OBJECT(cadcom_events, cadcom_events_free)
CADCOM_OBJECT(cadcom_verdict, cadcom_verdict_free)
CADCOM_OBJECT(cadcom_ad, cadcom_ad_close)
CADCOM_OBJECT(cadcom_ad_cas, cadcom_ad_cas_free)
CADCOM_OBJECT(cadcom_apply, cadcom_apply_free)
CADCOM_BORROWED_COPY(cadcom_sid, cadcom_sid_dup)
CADCOM_BORROWED_COPY(cadcom_ace, cadcom_ace_dup)
CADCOM_BORROWED_BACKEND(cadcom_registry, cadcom_target_registry)
CADCOM_BORROWED_BACKEND(cadcom_directory, cadcom_target_directory)
CADCOM_BORROWED_BACKEND(cadcom_directory, cadcom_ad_directory)
CADCOM_BORROWED_BACKEND(cadcom_env, cadcom_ad_env)

/* The thread's last error: thread-local storage of the library, valid for
 * the thread's life (its contents change with the next failure). */
%nodefaultctor cadcom_error;
%nodefaultdtor cadcom_error;
struct cadcom_error {};

/* ---- argument checks ---------------------------------------------------- */

/* Objects: the class the parameter takes, or undef (NULL, which the
 * library refuses where it needs an object).  SWIG's own message counts
 * C parameters, out-parameters included; this one counts Perl arguments. */
%typemap(in, noblock=1) SWIGTYPE * (void *argp = 0, int res = 0) {
	res = SWIG_ConvertPtr($input, &argp, $descriptor, %convertptr_flags);
	if (!SWIG_IsOK(res)) {
		SV *what = sv_2mortal(newSVpvf("must be a %s object or undef",
					       SWIG_Perl_TypeProxyName($descriptor)));
		cadcom_pl_arg_error(aTHX_ "TypeError", "$symname", CADCOM_PL_ARG($input), "$1_name",
				    $input, SvPV_nolen(what));
		SWIG_fail;
	}
	$1 = ($ltype)argp;
}

/* Numbers: SWIG's checks (integral, in range), with the same message. */
%define CADCOM_NUMBER(TYPE, WHAT)
%typemap(in, noblock=1, fragment=SWIG_AsVal_frag(TYPE)) TYPE (TYPE val, int ecode = 0) {
	ecode = SWIG_AsVal(TYPE)($input, &val);
	if (!SWIG_IsOK(ecode)) {
		cadcom_pl_arg_error(aTHX_ ecode == SWIG_OverflowError ? "OverflowError" : "TypeError",
				    "$symname", CADCOM_PL_ARG($input), "$1_name", $input,
				    "must be " WHAT " ($1_type)");
		SWIG_fail;
	}
	$1 = ($1_ltype)val;
}
%enddef
CADCOM_NUMBER(int, "an integer")
CADCOM_NUMBER(long, "an integer")
CADCOM_NUMBER(unsigned char, "an integer from 0 to 255")
CADCOM_NUMBER(unsigned short, "an integer from 0 to 65535")
CADCOM_NUMBER(unsigned int, "an integer from 0 to 4294967295")
CADCOM_NUMBER(unsigned long, "a non-negative integer")
CADCOM_NUMBER(unsigned long long, "a non-negative integer")
CADCOM_NUMBER(size_t, "a non-negative integer")

/* ---- strings ----------------------------------------------------------- */

%typemap(in) const char * {
	if (cadcom_pl_str(aTHX_ $input, (const char **)&$1, NULL, "$symname", CADCOM_PL_ARG($input),
			  "$1_name") < 0)
		SWIG_fail;
}
%typemap(freearg) const char * "";

/* Library text (static or borrowed): copied into a Perl string. */
%typemap(out) const char * {
	$result = cadcom_pl_text(aTHX_ $1);
	argvi++;
}

/* Result text through `char **out`: a string, freed with cadcom_free(). */
%typemap(in, numinputs=0) char **out (char *temp = NULL) {
	$1 = &temp;
}
%typemap(argout) char **out {
	if (argvi >= items)
		EXTEND(sp, argvi + 1);
	ST(argvi) = cadcom_pl_text(aTHX_ *$1);
	cadcom_free(*$1);
	*$1 = NULL;
	argvi++;
}
%typemap(freearg) char **out {
	cadcom_free(*$1);
}

/* (const char *json, size_t len), (const char *text, size_t len): a string
 * (a character string goes as UTF-8, a byte string — a file's contents, as
 * read — as it is: events_parse also reads UTF-16LE with a BOM). */
%typemap(in) (const char *json, size_t len) (STRLEN slen), (const char *text, size_t len) (STRLEN slen) {
	if (cadcom_pl_str(aTHX_ $input, (const char **)&$1, &slen, "$symname", CADCOM_PL_ARG($input),
			  "$1_name") < 0)
		SWIG_fail;
	$2 = (size_t)slen;
}

/* ---- bytes ------------------------------------------------------------- */

/* (const unsigned char *buf, size_t len): a byte string. */
%typemap(in) (const unsigned char *buf, size_t len) {
	if (cadcom_pl_bytes(aTHX_ $input, (const unsigned char **)&$1, &$2, "$symname",
			    CADCOM_PL_ARG($input), "$1_name") < 0)
		SWIG_fail;
}
%apply (const unsigned char *buf, size_t len) { (const unsigned char *data, size_t len) };

/* (unsigned char **out, size_t *len): a byte string, freed with cadcom_free(). */
%typemap(in, numinputs=0) (unsigned char **out, size_t *len) (unsigned char *temp = NULL, size_t tlen = 0) {
	$1 = &temp;
	$2 = &tlen;
}
%typemap(argout) (unsigned char **out, size_t *len) {
	if (argvi >= items)
		EXTEND(sp, argvi + 1);
	ST(argvi) = *$1 ? sv_2mortal(newSVpvn((const char *)*$1, (STRLEN)*$2)) : &PL_sv_undef;
	cadcom_free(*$1);
	*$1 = NULL;
	argvi++;
}
%typemap(freearg) (unsigned char **out, size_t *len) {
	cadcom_free(*$1);
}

/* (const uint32_t *subauth, size_t count): an array reference of integers. */
%typemap(in) (const uint32_t *subauth, size_t count) (uint32_t *arr = NULL) {
	AV *av;
	SSize_t i, n;

	if (!SvROK($input) || SvTYPE(SvRV($input)) != SVt_PVAV) {
		cadcom_pl_arg_error(aTHX_ "TypeError", "$symname", CADCOM_PL_ARG($input), "$1_name",
				    $input, "must be an array reference of sub-authorities");
		SWIG_fail;
	}
	av = (AV *)SvRV($input);
	n = av_top_index(av) + 1;
	arr = (uint32_t *)malloc((size_t)(n ? n : 1) * sizeof(*arr));
	if (!arr) {
		cadcom_pl_arg_error(aTHX_ "MemoryError", "$symname", CADCOM_PL_ARG($input), "$1_name",
				    NULL, "cannot be copied: out of memory");
		SWIG_fail;
	}
	for (i = 0; i < n; i++) {
		SV **e = av_fetch(av, i, 0);
		UV v;
		if (!e || cadcom_pl_uint(aTHX_ *e, 0xFFFFFFFFu, &v) < 0) {
			cadcom_pl_arg_error(aTHX_ "TypeError", "$symname", CADCOM_PL_ARG($input),
					    "$1_name", e ? *e : NULL,
					    "must hold integers from 0 to 4294967295");
			SWIG_fail;
		}
		arr[i] = (uint32_t)v;
	}
	$1 = arr;
	$2 = (size_t)n;
}
%typemap(freearg) (const uint32_t *subauth, size_t count) {
	free(arr$argnum);
}

/* ---- numeric out-parameters: appended, in parameter order -------------- */

%define CADCOM_OUT(TYPE, NAME, NEWSV)
%typemap(in, numinputs=0) TYPE *NAME (TYPE temp = 0) {
	$1 = &temp;
}
%typemap(argout) TYPE *NAME {
	if (argvi >= items)
		EXTEND(sp, argvi + 1);
	ST(argvi) = sv_2mortal(NEWSV(*$1));
	argvi++;
}
%enddef
CADCOM_OUT(size_t, index, newSVuv)
CADCOM_OUT(size_t, first_bad, newSVuv)
CADCOM_OUT(size_t, bad_index, newSVuv)
CADCOM_OUT(size_t, ace_index, newSVuv)
CADCOM_OUT(size_t, deny_ace, newSVuv)
CADCOM_OUT(size_t, required_ace, newSVuv)
CADCOM_OUT(size_t, consumed, newSVuv)
CADCOM_OUT(size_t, trusting, newSVuv)
CADCOM_OUT(size_t, trusted, newSVuv)
CADCOM_OUT(long, ace_index, newSViv)
CADCOM_OUT(int, what, newSViv)
CADCOM_OUT(int, kind, newSViv)
CADCOM_OUT(int, type, newSViv)
CADCOM_OUT(int, scope, newSViv)
CADCOM_OUT(int, state, newSViv)
CADCOM_OUT(uint32_t, mask, newSVuv)
CADCOM_OUT(uint32_t, granted, newSVuv)
CADCOM_OUT(uint32_t, bits, newSVuv)
CADCOM_OUT(unsigned, perms, newSVuv)
CADCOM_OUT(unsigned, allowed, newSVuv)
CADCOM_OUT(unsigned, denied, newSVuv)
CADCOM_OUT(uint64_t, calls, newSVuv)
CADCOM_OUT(uint64_t, frags_sent, newSVuv)
CADCOM_OUT(uint64_t, frags_received, newSVuv)

%apply cadcom_com_report **out { cadcom_com_report **report };
%apply cadcom_regfile **out { cadcom_regfile **forward, cadcom_regfile **revert };
%apply cadcom_sid **out { cadcom_sid **sid };
%apply char **out { char **why, char **dn };

/* ---- option structs as hashes ------------------------------------------ */

/* Input: undef (NULL: the defaults), or a hash reference of fields; may be
 * left out (it is the last argument of each function taking one). */
%define CADCOM_OPTIONS(TYPE, TABLE, INIT, VERSION, WHAT)
%typemap(default) const TYPE *opts {
	$1 = NULL;
}
%typemap(in) const TYPE *opts (TYPE tmp, struct cadcom_pl_progress prog = { NULL, NULL }) {
	if (!SvOK($input)) {
		$1 = NULL;
	} else {
		if (cadcom_pl_options(aTHX_ $input, &tmp, TABLE, INIT, VERSION, &prog, WHAT,
				      "$symname", CADCOM_PL_ARG($input)) < 0)
			SWIG_fail;
		$1 = &tmp;
	}
}
/* A progress callback that died: rethrow its error now. */
%typemap(argout) const TYPE *opts {
	if (prog$argnum.error) {
		sv_setsv(ERRSV, prog$argnum.error);
		SWIG_fail;
	}
}
%typemap(freearg) const TYPE *opts {
	if (prog$argnum.error)
		SvREFCNT_dec(prog$argnum.error);
}
/* *_options_init(VERSION): the defaults, as a hash reference. */
%typemap(in) (TYPE *opts, unsigned int version) (TYPE tmp) {
	UV v;
	if (cadcom_pl_uint(aTHX_ $input, UINT_MAX, &v) < 0) {
		cadcom_pl_arg_error(aTHX_ "TypeError", "$symname", CADCOM_PL_ARG($input), "version",
				    $input, "must be an unsigned integer");
		SWIG_fail;
	}
	memset(&tmp, 0, sizeof(tmp));
	$1 = &tmp;
	$2 = (unsigned int)v;
}
%typemap(argout) (TYPE *opts, unsigned int version) {
	if (argvi >= items)
		EXTEND(sp, argvi + 1);
	ST(argvi) = cadcom_pl_options_hash(aTHX_ $1, TABLE);
	argvi++;
}
%enddef
CADCOM_OPTIONS(cadcom_apply_options, cadcom_pl_apply_opts, cadcom_pl_apply_init,
	       CADCOM_APPLY_OPTIONS_VERSION, "apply")
CADCOM_OPTIONS(cadcom_remote_options, cadcom_pl_remote_opts, cadcom_pl_remote_init,
	       CADCOM_REMOTE_OPTIONS_VERSION, "remote")
CADCOM_OPTIONS(cadcom_ad_options, cadcom_pl_ad_opts, cadcom_pl_ad_init,
	       CADCOM_AD_OPTIONS_VERSION, "AD")

/* ---- return codes ------------------------------------------------------ */

/* 0 / negative CADCOM_E*: die, else nothing (the out-parameters follow). */
%typemap(out) int CADCOM_STATUS {
	if ($1 < 0) {
		cadcom_pl_set_error(aTHX_ $1);
		SWIG_fail;
	}
}
/* A value >= 0 or a negative CADCOM_E*: die, else the value. */
%typemap(out) int CADCOM_VALUE_OR_ERROR {
	if ($1 < 0) {
		cadcom_pl_set_error(aTHX_ $1);
		SWIG_fail;
	}
	$result = sv_2mortal(newSViv($1));
	argvi++;
}
/* Like CADCOM_STATUS, but CADCOM_ENOTFOUND ("no such item") is no error:
 * the out-parameter is then undef. */
%typemap(out) int CADCOM_STATUS_OR_NONE {
	if ($1 < 0 && $1 != CADCOM_ENOTFOUND) {
		cadcom_pl_set_error(aTHX_ $1);
		SWIG_fail;
	}
}
/* Several results in scalar context: the first, not Perl's default last. */
%typemap(ret) int CADCOM_STATUS, int CADCOM_VALUE_OR_ERROR, int CADCOM_STATUS_OR_NONE {
	if (argvi > 1 && GIMME_V == G_SCALAR)
		argvi = 1;
}

/* The library keeps its last error until the next failure: clear it before
 * each fallible call so that an unrecorded failure is not described by an
 * older message. */
%define CADCOM_FALLIBLE(KIND, NAME)
%exception NAME {
	cadcom_error_clear();
	$action
}
%apply int KIND { int NAME };
%enddef

CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_windows_from_string)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_from_string)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_to_string)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_from_bytes)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_to_bytes)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sid_dup)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_dup)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_from_sddl)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_to_sddl)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_set_control)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_set_owner)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_set_group)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_sd_acl_state)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_set_acl_state)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_append_ace)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_from_bytes)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_to_bytes)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_sd_acl_is_canonical)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_insert_ace)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_remove_ace)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_sd_remove_aces)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_sd_canonicalize)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_dup)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_set_flags)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_set_mask)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_ace_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_ace_inherited_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_set_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_set_inherited_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ace_to_sddl)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_dup)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_from_string)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_to_string)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_add_group)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_add_logon_sids)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_set_privileges)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_request_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_request_set_generic_mapping)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_request_add_object_type)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_request_set_self)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_check)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_access_check_mask)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_access_result_decision)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_result_step)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_access_result_explain)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_mask)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_permissions)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_com_sd_form)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_sd_validate)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_com_sd_upgrade)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_query)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_com_grant)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_com_revoke)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_check)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_merge)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_com_report_conflict)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_env_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_env_add_domain)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_env_add_trust)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_env_add_machine)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_env_trusts)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_principal_new)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_scope_may_contain)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_scope_member_form)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_scope_fsp_dn)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_new_memory)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_get)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_set)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_delete_value)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_create_key)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_delete_key)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_registry_key_exists)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_registry_subkey)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_registry_value_name)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_registry_key_security)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_reg_sz_encode)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_reg_sz_decode)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_new_memory)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_add)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_lookup_name)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_lookup_sid)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_info)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_create_group)
CADCOM_FALLIBLE(CADCOM_STATUS_OR_NONE, cadcom_directory_member)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_directory_is_member)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_directory_add_member)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_directory_remove_member)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_directory_delete_group)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_parse)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_to_bytes)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_create_key)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_delete_key)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_set_value)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_delete_value)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_apply)
CADCOM_FALLIBLE(CADCOM_VALUE_OR_ERROR, cadcom_regfile_entry_op)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_regfile_entry_value)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_memory)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_snapshot)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_regfile)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_snapshot)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_hives)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_commit)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_credentials_new_password)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_credentials_new_ccache)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_credentials_new_keytab)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_credentials_new_kerberos)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_remote_options_init)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_open_remote)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_target_rpc_stats)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_service_query)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_service_stop)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_service_start)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_service_restart)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_new)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_host)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_ca_name)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_add_domain)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_ca_domain)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_machine_sid)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_group_sid)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_add_trust)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_add_enroll_domain)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_set_dcs_enroll)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_validate)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_from_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_to_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_trust)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_topology_env)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_compute)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_action_value)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_regfiles)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_to_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_from_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_check_ca)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_reset_setup_flag)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_events_parse)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_token_from_directory)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_compute)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_for_event)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_to_json)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_verdict_set_template)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_options_init)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_open)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_resolve)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_create_group)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_delete_group)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_token)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_find_cas)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_discover)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_ad_template_security)

CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_options_init)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_plan_apply)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_rollback)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_to_text)
CADCOM_FALLIBLE(CADCOM_STATUS, cadcom_apply_to_json)

/* Values, not status codes (t/api.t reads this list):
 * VALUES: cadcom_version_number cadcom_error_code cadcom_sid_equal
 * cadcom_sid_compare cadcom_sid_in_domain cadcom_sd_equal
 * cadcom_sd_acl_revision cadcom_ace_equal cadcom_ace_type
 * cadcom_ace_is_object cadcom_token_has_sid cadcom_access_result_allowed
 * cadcom_principal_kind cadcom_principal_scope cadcom_credentials_is_kerberos
 * cadcom_topology_role cadcom_topology_generation cadcom_topology_domain_enrolls
 * cadcom_topology_dcs_enroll cadcom_plan_worst cadcom_plan_finding_severity
 * cadcom_plan_finding_layer cadcom_plan_action_kind cadcom_plan_action_layer
 * cadcom_events_kind cadcom_events_local_system cadcom_verdict_allowed
 * cadcom_verdict_layer cadcom_verdict_result cadcom_apply_outcome
 * cadcom_apply_step_state :VALUES
 * (cadcom_ace_type is -1 for undef, cadcom_apply_step_state -1 out of
 * range: no error is recorded for either.) */

/* ---- the public headers ------------------------------------------------ */

%include "cadcom/common.h"
%include "cadcom/version.h"
%include "cadcom/error.h"
%include "cadcom/sid.h"
%include "cadcom/sd.h"
%include "cadcom/token.h"
%include "cadcom/access.h"
%include "cadcom/comrights.h"
%include "cadcom/scope.h"
%include "cadcom/registry.h"
%include "cadcom/directory.h"
%include "cadcom/regfile.h"
%include "cadcom/target.h"
%include "cadcom/remote.h"
%include "cadcom/service.h"
%include "cadcom/topology.h"
%include "cadcom/ca.h"
%include "cadcom/event.h"
%include "cadcom/verdict.h"
%include "cadcom/ad.h"
%include "cadcom/apply.h"

/* ---- Perl-side additions ------------------------------------------------ */

%perlcode %{
# Constants: SWIG makes read-only variables ($Cadcom::EPARSE); make each a
# constant sub too (Cadcom::EPARSE), as "use constant" would.  (swig -const
# would, but ignores the %rename that strips the prefix.)
for my $name (grep { /^[A-Z][A-Z0-9_]*$/ } keys %Cadcomc::) {
	no strict 'refs';
	my $glob = $Cadcomc::{$name};
	next unless ref(\$glob) eq 'GLOB' && defined ${*$glob{SCALAR}}
		&& Internals::SvREADONLY(${*$glob{SCALAR}});
	my $value = ${*$glob{SCALAR}};
	*{"Cadcom::$name"} = sub () { $value } unless defined &{"Cadcom::$name"};
}
our $VERSION = $Cadcom::VERSION_STRING;

package Cadcom::Error;
# What a failing libcadcom call dies with (Cadcom.pod, "Errors").
use overload '""' => \&as_string, 'bool' => sub { 1 }, fallback => 1;
sub code    { $_[0]{code} }
sub message { $_[0]{message} }
sub offset  { $_[0]{offset} }
sub name    { $_[0]{name} }
sub file    { $_[0]{file} }
sub line    { $_[0]{line} }
sub as_string { my $e = shift; "$e->{message} at $e->{file} line $e->{line}.\n" }

package Cadcom;
# Objects wrap C pointers: a new interpreter thread must not share them
# (each copy would free the same pointer).
for my $class (qw(Sid SD Ace Token AccessRequest AccessResult ComReport Env Principal
		  Registry Directory RegFile Target Credentials Topology Plan Events
		  Verdict AD EnrollmentServices Apply LastError)) {
	no strict 'refs';
	*{"Cadcom::${class}::CLONE_SKIP"} = sub { 1 };
}
%}
