/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "iobuf_arena.h"
#include "iobuf_private.h"

/* Callbacks run on the telemetry thread; they only read. */

static void
list_cb(const struct iobuf_desc *d, void *arg)
{
	rte_tel_data_add_array_string(arg, d->name);
}

static int
handle_list(const char *cmd __rte_unused, const char *params __rte_unused,
	    struct rte_tel_data *data)
{
	rte_tel_data_start_array(data, RTE_TEL_STRING_VAL);
	iobuf_registry_walk(list_cb, data);
	return 0;
}

struct info_arg {
	const char *name;
	struct rte_tel_data *data;
	int found;
};

static void
info_cb(const struct iobuf_desc *d, void *arg)
{
	struct info_arg *ia = arg;
	const struct rte_iobuf *b = &d->pub;
	uint32_t req = rte_iobuf_cache_requested(b);
	struct iobuf_constraint c;

	if (ia->found || strcmp(ia->name, d->name) != 0)
		return;
	ia->found = 1;
	iobuf_desc_constraint(d, &c);
	rte_tel_data_start_dict(ia->data);
	rte_tel_data_add_dict_string(ia->data, "name", d->name);
	rte_tel_data_add_dict_u64(ia->data, "capacity", b->capacity);
	rte_tel_data_add_dict_u64(ia->data, "length", b->length);
	rte_tel_data_add_dict_u64(ia->data, "refcnt", rte_iobuf_refcnt(b));
	rte_tel_data_add_dict_u64(ia->data, "flags", b->flags);
	rte_tel_data_add_dict_u64(ia->data, "iova", b->iova0);
	rte_tel_data_add_dict_u64(ia->data, "segments", rte_iobuf_seg_count(b));
	rte_tel_data_add_dict_u64(ia->data, "mask", c.mask);
	rte_tel_data_add_dict_u64(ia->data, "align", c.align);
	rte_tel_data_add_dict_u64(ia->data, "iova_min", c.lo);
	rte_tel_data_add_dict_u64(ia->data, "iova_max", c.hi);
	rte_tel_data_add_dict_u64(ia->data, "boundary", c.boundary);
	rte_tel_data_add_dict_u64(ia->data, "carved", d->arena != NULL);
	rte_tel_data_add_dict_string(ia->data, "cache_requested",
				     rte_iobuf_cache_name(req));
	rte_tel_data_add_dict_string(ia->data, "cache_effective",
				     rte_iobuf_cache_name(rte_iobuf_cache_effective(b)));
	rte_tel_data_add_dict_string(ia->data, "store_pattern",
				     iobuf_store_pattern(req));
}

static int
handle_info(const char *cmd __rte_unused, const char *params,
	    struct rte_tel_data *data)
{
	struct info_arg ia = { .name = params, .data = data };

	if (params == NULL || params[0] == '\0')
		return -EINVAL;
	iobuf_registry_walk(info_cb, &ia);
	return ia.found ? 0 : -ENOENT;
}

static int
handle_stats(const char *cmd __rte_unused, const char *params __rte_unused,
	     struct rte_tel_data *data)
{
	struct rte_iobuf_stats st;

	rte_iobuf_stats_get(&st);
	rte_tel_data_start_dict(data);
#define STAT(f) rte_tel_data_add_dict_u64(data, #f, st.f)
	STAT(created);
	STAT(freed);
	STAT(failed);
	STAT(failed_einval);
	STAT(failed_erange);
	STAT(failed_enomem);
	STAT(failed_enospc);
	STAT(failed_eexist);
	STAT(failed_other);
	STAT(live_bytes);
	STAT(last_growth);
	STAT(store_extents);
	STAT(store_extents_empty);
	STAT(store_reserved);
	STAT(store_used);
	STAT(store_grows);
	STAT(store_grow_failed);
	STAT(store_returned);
	STAT(store_gathered);
	STAT(store_idle);
	STAT(idle_arena_bytes);
	STAT(reclaims);
	STAT(reclaimed_bytes);
	STAT(arena_classes);
	STAT(arenas);
	STAT(arenas_meta);
	STAT(arena_bytes);
	STAT(arena_slots);
	STAT(arena_slots_free);
	STAT(arena_meta_bytes);
#undef STAT
	return 0;
}

/*
 * Classes are listed by id, one dict per class on request (DPDK 22.11's
 * telemetry cannot nest a dict in an array): /iobuf/classes, then
 * /iobuf/class,ID, as /ethdev/list and /ethdev/stats,ID.
 */
static void
class_id_cb(const struct iobuf_arena_class_info *ci, void *arg)
{
	rte_tel_data_add_array_int(arg, (int)ci->id);
}

static int
handle_classes(const char *cmd __rte_unused, const char *params __rte_unused,
	       struct rte_tel_data *data)
{
	rte_tel_data_start_array(data, RTE_TEL_INT_VAL);
	iobuf_arena_walk(class_id_cb, data);
	return 0;
}

struct class_arg {
	unsigned long id;
	struct rte_tel_data *data;
	int found;
};

static void
class_cb(const struct iobuf_arena_class_info *ci, void *arg)
{
	struct class_arg *ca = arg;
	struct rte_tel_data *d = ca->data;

	if (ca->found || ci->id != ca->id)
		return;
	ca->found = 1;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_u64(d, "id", ci->id);
	rte_tel_data_add_dict_u64(d, "slot", ci->slot);
	rte_tel_data_add_dict_u64(d, "mask", ci->mask);
	rte_tel_data_add_dict_u64(d, "iova_min", ci->iova_min);
	rte_tel_data_add_dict_u64(d, "iova_max", ci->iova_max);
	rte_tel_data_add_dict_int(d, "socket", ci->socket_id);
	/* No hint means copyback, as rte_iobuf_cache_requested() says. */
	rte_tel_data_add_dict_string(d, "cache", rte_iobuf_cache_name(
		(ci->flags & RTE_IOBUF_CACHE_MASK) != 0 ?
		ci->flags & RTE_IOBUF_CACHE_MASK : RTE_IOBUF_CACHE_COPYBACK));
	rte_tel_data_add_dict_u64(d, "shared", !!(ci->flags & RTE_IOBUF_SHARED));
	/* The library's own: descriptors of buffers that take store granules. */
	rte_tel_data_add_dict_u64(d, "metadata", !!(ci->flags & IOBUF_CLASS_META));
	/* This process's requests in the class. */
	rte_tel_data_add_dict_u64(d, "attempts", ci->attempts);
	rte_tel_data_add_dict_u64(d, "rejects", ci->rejects);
	rte_tel_data_add_dict_u64(d, "live", ci->live);
	rte_tel_data_add_dict_u64(d, "live_bytes", ci->live_bytes);
	/* The class's memory, all processes. */
	rte_tel_data_add_dict_u64(d, "arenas", ci->arenas);
	rte_tel_data_add_dict_u64(d, "store_bytes", ci->bytes);
	rte_tel_data_add_dict_u64(d, "slots", ci->slots);
	rte_tel_data_add_dict_u64(d, "slots_free", ci->slots_free);
	rte_tel_data_add_dict_u64(d, "grow_failed", ci->grow_failed);
}

static int
handle_class(const char *cmd __rte_unused, const char *params,
	     struct rte_tel_data *data)
{
	struct class_arg ca = { .data = data };
	char *end;

	if (params == NULL || params[0] == '\0')
		return -EINVAL;
	ca.id = strtoul(params, &end, 10);
	if (*end != '\0')
		return -EINVAL;
	iobuf_arena_walk(class_cb, &ca);
	return ca.found ? 0 : -ENOENT;
}

static int
handle_store(const char *cmd __rte_unused, const char *params __rte_unused,
	     struct rte_tel_data *data)
{
	struct iobuf_pagestore_totals t;

	iobuf_pagestore_totals(&t);
	rte_tel_data_start_dict(data);
	rte_tel_data_add_dict_u64(data, "extents", t.extents);
	rte_tel_data_add_dict_u64(data, "extents_empty", t.extents_empty);
	rte_tel_data_add_dict_u64(data, "reserved", t.reserved);
	rte_tel_data_add_dict_u64(data, "used", t.used);
	rte_tel_data_add_dict_u64(data, "free", t.reserved - t.used);
	rte_tel_data_add_dict_u64(data, "grows", t.grows);
	rte_tel_data_add_dict_u64(data, "grow_failed", t.grow_failed);
	rte_tel_data_add_dict_u64(data, "returned", t.returned);
	rte_tel_data_add_dict_u64(data, "gathered", t.gathered);
	rte_tel_data_add_dict_u64(data, "idle", t.idle);
	rte_tel_data_add_dict_u64(data, "idle_arenas", t.idle_arenas);
	rte_tel_data_add_dict_u64(data, "reclaims", t.reclaims);
	rte_tel_data_add_dict_u64(data, "reclaimed", t.reclaimed);
	rte_tel_data_add_dict_u64(data, "extents_scarce", t.extents_scarce);
	rte_tel_data_add_dict_u64(data, "free_scarce", t.free_scarce);
	return 0;
}

static int
handle_procs(const char *cmd __rte_unused, const char *params __rte_unused,
	     struct rte_tel_data *data)
{
	struct rte_iobuf_reap_stats st;
	struct rte_tel_data *pids = rte_tel_data_alloc();
	pid_t pid[IOBUF_MAX_PROCS];
	unsigned int i, n;

	if (pids == NULL)
		return -ENOMEM;
	rte_iobuf_reap_stats(&st);
	n = iobuf_procs_pids(pid, RTE_DIM(pid));
	rte_tel_data_start_array(pids, RTE_TEL_INT_VAL);
	for (i = 0; i < n; i++)
		rte_tel_data_add_array_int(pids, pid[i]);
	rte_tel_data_start_dict(data);
	rte_tel_data_add_dict_u64(data, "processes", st.processes);
	rte_tel_data_add_dict_container(data, "pids", pids, 0);
	rte_tel_data_add_dict_u64(data, "reaped", st.reaped);
	rte_tel_data_add_dict_u64(data, "refs_dropped", st.refs_dropped);
	rte_tel_data_add_dict_u64(data, "buffers_freed", st.buffers_freed);
	rte_tel_data_add_dict_u64(data, "slots_returned", st.slots_returned);
	rte_tel_data_add_dict_u64(data, "swept_bytes", st.swept_bytes);
	rte_tel_data_add_dict_u64(data, "locks_recovered", st.locks_recovered);
	return 0;
}

RTE_INIT(iobuf_telemetry_init)
{
	rte_telemetry_register_cmd("/iobuf/list", handle_list,
		"Names of the named I/O buffers (all processes). No parameters");
	rte_telemetry_register_cmd("/iobuf/info", handle_info,
		"Constraint, IOVA and cache modes of a named buffer. Parameter: name");
	rte_telemetry_register_cmd("/iobuf/stats", handle_stats,
		"Buffer counters of this process (failures by errno), page store and arena totals. No parameters");
	rte_telemetry_register_cmd("/iobuf/classes", handle_classes,
		"Ids of the small-buffer constraint classes. No parameters");
	rte_telemetry_register_cmd("/iobuf/class", handle_class,
		"One class: constraint, this process's attempts, rejects, live buffers and bytes; arenas and store bytes. Parameter: class id");
	rte_telemetry_register_cmd("/iobuf/store", handle_store,
		"Page store: extents, bytes reserved, used and free, growth. No parameters");
	rte_telemetry_register_cmd("/iobuf/procs", handle_procs,
		"Processes using the library (pids), dead ones reaped and what that freed, locks recovered here. No parameters");
}
