/*
 * libFuzzer harness for the extended DN reader of the AD back-end
 * (cadcom__ad_ext_dn, lib/ldap/ad.c): every member of a group and every
 * crossRef's nCName comes from the DC as "<GUID=…>;<SID=S-1-…>;CN=…".
 *
 * Input: the value as the server would send it (NUL-terminated here, as
 * libldap terminates values).  Properties (abort() on violation):
 *   - the plain DN returned lies inside the input, after every <…> part;
 *   - a SID reported present formats as text that parses back to it.
 *
 * Built by setup.sh with every library object (see fuzz_sddl.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../lib/ldap/ad_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct cadcom_sid sid;
	cadcom_sid *back = NULL;
	const char *dn = NULL;
	char *s = NULL;
	bool has_sid;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (cadcom__ad_ext_dn(text, &sid, &has_sid, &dn)) {
		if (dn < text || dn > text + strlen(text) || (dn > text && dn[-1] != '>' && dn[-1] != ';'))
			abort();
		if (has_sid && (cadcom_sid_to_string(&sid, &s) != 0 ||
				cadcom_sid_from_string(&back, s, NULL) != 0 || !cadcom_sid_equal(back, &sid)))
			abort();
	}
	cadcom_free(s);
	cadcom_sid_free(back);
	free(text);
	return 0;
}
