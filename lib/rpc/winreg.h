/*
 * libcadcom — winreg stubs (MS-RRP; never installed).  Each is one call on
 * a bound winreg pipe; results and errors as rpc_call and rpc_status_error
 * give them.  Paths are relative to the handle, in Windows form (A\B).
 */
#ifndef CADCOM_WINREG_H
#define CADCOM_WINREG_H

#include "rpc.h"

extern const struct rpc_iface rpc_winreg;

/* Access masks (MS-RRP 2.2.3; winnt.h) */
enum {
	WINREG_KEY_QUERY_VALUE = 0x0001,
	WINREG_KEY_SET_VALUE = 0x0002,
	WINREG_KEY_CREATE_SUB_KEY = 0x0004,
	WINREG_KEY_ENUMERATE_SUB_KEYS = 0x0008,
	WINREG_DELETE = 0x00010000,
	WINREG_KEY_READ = 0x00020019,
	WINREG_KEY_WRITE = 0x00020006,
	WINREG_MAXIMUM_ALLOWED = 0x02000000
};

int winreg_open_hklm(struct rpc_conn *c, uint32_t access, struct rpc_handle *out);
int winreg_open_key(struct rpc_conn *c, const struct rpc_handle *parent, const char *path,
		    uint32_t access, struct rpc_handle *out);
/* Opens the key when it exists; creates it (and its parents) otherwise. */
int winreg_create_key(struct rpc_conn *c, const struct rpc_handle *parent, const char *path,
		      uint32_t access, struct rpc_handle *out);
int winreg_close_key(struct rpc_conn *c, struct rpc_handle *h);
/* *out is malloc'd (non-NULL even when empty). */
int winreg_query_value(struct rpc_conn *c, const struct rpc_handle *h, const char *name,
		       int *type, unsigned char **out, size_t *len);
int winreg_set_value(struct rpc_conn *c, const struct rpc_handle *h, const char *name, int type,
		     const unsigned char *data, size_t len);
int winreg_delete_value(struct rpc_conn *c, const struct rpc_handle *h, const char *name);
/* Deletes subkey `name` of `parent`, which must have no subkeys. */
int winreg_delete_key(struct rpc_conn *c, const struct rpc_handle *parent, const char *name);
/* Subkey / value number `index`; CADCOM_ENOTFOUND past the last. */
int winreg_enum_key(struct rpc_conn *c, const struct rpc_handle *h, uint32_t index, char **name);
int winreg_enum_value(struct rpc_conn *c, const struct rpc_handle *h, uint32_t index,
		      char **name);
/* The key's self-relative security descriptor (owner, group and DACL). */
int winreg_get_key_security(struct rpc_conn *c, const struct rpc_handle *h, unsigned char **out,
			    size_t *len);

#endif
