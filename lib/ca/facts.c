/*
 * The CA facts: which DCOM descriptors stand between an enrollee and
 * CertSrv Request, where they live, what Windows uses when they are absent,
 * and who needs what in each (facts.md §2, §9; KB 903220); and the
 * certificate template's class and extended rights (facts.md §9).  Nothing
 * else in the library spells these out.
 */
#include "ca_internal.h"

const struct dcom_layer cadcom__dcom_layers[4] = {
	{
		CADCOM_LAYER_MACHINE_LAUNCH, "machine launch restriction", CADCOM_COM_LAUNCH,
		OLE_KEY, "MachineLaunchRestriction", "MachineLaunchRestriction",
		"DCOM: Machine Launch Restrictions in Security Descriptor Definition Language (SDDL) syntax",
		NULL,
		/* Windows Server 2003 SP1's default (facts.md §2, DERIVED SDDL). */
		"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCSW;;;WD)(A;;CCDCLCSWRP;;;S-1-5-32-562)",
		"the Windows Server 2003 SP1 default (DCOM security enhancements table)",
		/* KB 903220: the group gets local and remote activation, no launch. */
		true, CADCOM_COM_LOCAL_ACTIVATION | CADCOM_COM_REMOTE_ACTIVATION,
	},
	{
		CADCOM_LAYER_MACHINE_ACCESS, "machine access restriction", CADCOM_COM_ACCESS,
		OLE_KEY, "MachineAccessRestriction", "MachineAccessRestriction",
		"DCOM: Machine Access Restrictions in Security Descriptor Definition Language (SDDL) syntax",
		NULL,
		"O:BAG:BAD:(A;;CCDCLC;;;WD)(A;;CCDCLC;;;AN)(A;;CCDCLC;;;S-1-5-32-562)",
		"the Windows Server 2003 SP1 default (DCOM security enhancements table)",
		/* KB 903220: the group gets local and remote access. */
		true, CADCOM_COM_LOCAL_ACCESS | CADCOM_COM_REMOTE_ACCESS,
	},
	{
		CADCOM_LAYER_APP_LAUNCH, "CertSrv Request launch permission", CADCOM_COM_LAUNCH,
		APPID_KEY, "LaunchPermission", NULL, NULL, "DefaultLaunchPermission",
		/* facts.md §8: Windows' own DefaultLaunchPermission bytes. */
		"O:BAG:BAD:(A;;CCDCLCSWRP;;;BA)(A;;CCDCLCSWRP;;;IU)(A;;CCDCLCSWRP;;;SY)",
		"the built-in default launch permission (Administrators, INTERACTIVE, SYSTEM)",
		/* KB 903220: Everyone gets local and remote activation, no launch. */
		false, CADCOM_COM_LOCAL_ACTIVATION | CADCOM_COM_REMOTE_ACTIVATION,
	},
	{
		CADCOM_LAYER_APP_ACCESS, "CertSrv Request access permission", CADCOM_COM_ACCESS,
		APPID_KEY, "AccessPermission", NULL, NULL, "DefaultAccessPermission",
		/* ASSUMED (doc/CA.md): without DefaultAccessPermission COM lets SYSTEM
		 * and the server's own principal call. */
		"O:BAG:BAD:(A;;CCDCLC;;;SY)(A;;CCDCLC;;;PS)",
		"COM's built-in access default (SYSTEM and the server's principal; assumed)",
		/* KB 903220: Everyone gets local and remote access. */
		false, CADCOM_COM_LOCAL_ACCESS | CADCOM_COM_REMOTE_ACCESS,
	},
};

/* pKICertificateTemplate's schemaIDGUID: the object itself, level 0 of the
 * object-type list the template's access check is asked with. */
const char cadcom__template_class_guid[] = "e5209ca2-3bba-11d2-90cc-00c04fd91ab1";

const struct template_right cadcom__template_rights[2] = {
	[TEMPLATE_ENROLL] = { "Enroll", "Certificate-Enrollment",
			      "0e10c968-78fb-11d2-90d4-00c04f79dc55" },
	[TEMPLATE_AUTOENROLL] = { "Autoenroll", "Certificate-AutoEnrollment",
				  "a05b8cc2-17bc-4802-a710-e7c15ab866a2" },
};
