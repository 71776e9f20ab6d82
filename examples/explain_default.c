/*
 * The README's example: read the Windows Server 2003 SP1 machine launch
 * restriction (facts.md §2) and list who may do what.  Built and run by
 * `make check`.
 */
#include <stdio.h>
#include <cadcom/cadcom.h>

int main(void)
{
	const char *sddl = "O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)"
			   "(A;;CCDCLCSWRP;;;S-1-5-32-562)";
	cadcom_sd *sd;
	char *sid;

	if (cadcom_sd_from_sddl(&sd, sddl, NULL) != 0) {
		fprintf(stderr, "%s\n", cadcom_error_message(cadcom_error_last()));
		return 1;
	}
	for (size_t i = 0; i < cadcom_sd_ace_count(sd, CADCOM_DACL); i++) {
		const cadcom_ace *ace = cadcom_sd_ace(sd, CADCOM_DACL, i);
		const char *name = cadcom_sid_name(cadcom_ace_sid(ace));
		cadcom_sid_to_string(cadcom_ace_sid(ace), &sid);
		printf("%-24s %-14s mask 0x%02x\n", name ? name : "?", sid, (unsigned)cadcom_ace_mask(ace));
		cadcom_free(sid);
	}
	cadcom_sd_free(sd);
	return 0;
}
