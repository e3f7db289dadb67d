/* SPDX-License-Identifier: BSD-3-Clause
 * Copyright(c) 2026 dpdk-iobuf authors
 */

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
	STAT(arena_classes);
	STAT(arenas);
	STAT(arena_bytes);
	STAT(arena_slots);
	STAT(arena_slots_free);
	STAT(arena_meta_bytes);
#undef STAT
	return 0;
}

/* One dict per constraint class, in a container array. */
static void
arena_cb(const struct iobuf_arena_class_info *ci, void *arg)
{
	struct rte_tel_data *c = rte_tel_data_alloc();

	if (c == NULL)
		return;
	rte_tel_data_start_dict(c);
	rte_tel_data_add_dict_u64(c, "slot", ci->slot);
	rte_tel_data_add_dict_u64(c, "mask", ci->mask);
	rte_tel_data_add_dict_u64(c, "iova_min", ci->iova_min);
	rte_tel_data_add_dict_u64(c, "iova_max", ci->iova_max);
	rte_tel_data_add_dict_int(c, "socket", ci->socket_id);
	rte_tel_data_add_dict_string(c, "cache",
		rte_iobuf_cache_name(ci->flags & RTE_IOBUF_CACHE_MASK));
	rte_tel_data_add_dict_u64(c, "shared", !!(ci->flags & RTE_IOBUF_SHARED));
	rte_tel_data_add_dict_u64(c, "arenas", ci->arenas);
	rte_tel_data_add_dict_u64(c, "bytes", ci->bytes);
	rte_tel_data_add_dict_u64(c, "slots", ci->slots);
	rte_tel_data_add_dict_u64(c, "slots_free", ci->slots_free);
	if (rte_tel_data_add_array_container(arg, c, 0) != 0)
		rte_tel_data_free(c);
}

static int
handle_arenas(const char *cmd __rte_unused, const char *params __rte_unused,
	      struct rte_tel_data *data)
{
	rte_tel_data_start_array(data, RTE_TEL_CONTAINER);
	iobuf_arena_walk(arena_cb, data);
	return 0;
}

RTE_INIT(iobuf_telemetry_init)
{
	rte_telemetry_register_cmd("/iobuf/list", handle_list,
		"Names of the named I/O buffers (all processes). No parameters");
	rte_telemetry_register_cmd("/iobuf/info", handle_info,
		"Constraint, IOVA and cache modes of a named buffer. Parameter: name");
	rte_telemetry_register_cmd("/iobuf/stats", handle_stats,
		"Buffer counters of this process and arena totals. No parameters");
	rte_telemetry_register_cmd("/iobuf/arenas", handle_arenas,
		"Small-buffer arenas per constraint class. No parameters");
}
