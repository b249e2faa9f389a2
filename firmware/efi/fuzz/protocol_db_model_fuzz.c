/*
 * Differential harness for protocol_db.c: 4-byte records install, uninstall,
 * reinstall, open and close protocols on a handful of handles. A model keeps
 * which interface each (handle, GUID) carries and which are held BY_DRIVER;
 * after every step HandleProtocol, LocateHandle, LocateProtocol and
 * ProtocolsPerHandle must agree with it. Each GUID also has a
 * RegisterProtocolNotify registration: the model keeps its queue of new
 * handles (oldest first, each once, dropped on uninstall) and how often its
 * event was signalled; records take the next handle from a queue. Records
 * also hold and release handles: a held handle outlives its last protocol
 * (empty, still live) until its last release.
 */
#include <stdlib.h>
#include <string.h>

#include "firmware/efi/protocol_db.h"

#define SLOTS 6  /* handles the input can name */
#define GUIDS 5
#define IFACES 4

static const efi_guid_t guids[GUIDS] = {
	EFI_GUID(0x10, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8), EFI_GUID(0x20, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8),
	EFI_GUID(0x30, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8), EFI_GUID(0x40, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8),
	EFI_GUID(0x50, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8),
};
static int ifaces[IFACES];

struct model_handle {
	efi_handle_t handle; /* NULL: not created, or gone */
	void *iface[GUIDS];  /* NULL: protocol absent (interfaces are never NULL here) */
	bool driver[GUIDS];  /* opened BY_DRIVER by the agent handle */
	unsigned holds;      /* db_hold() calls not yet released */
};

static struct model_handle model[SLOTS];
static struct protocol_db db;

/* Protocol notification: one registration per GUID. */
static int events[GUIDS];
static void *registration[GUIDS];
static efi_handle_t queue[GUIDS][SLOTS];
static unsigned queued[GUIDS], signals[GUIDS], signalled[GUIDS];

static void count_signal(efi_event_t event)
{
	signalled[(int *)event - events]++;
}

/* An install or reinstall of g on h: h is news for g's registration. */
static void model_news(int g, efi_handle_t h)
{
	bool there = false;

	for (unsigned i = 0; i < queued[g]; i++)
		there |= queue[g][i] == h;
	if (!there)
		queue[g][queued[g]++] = h;
	signals[g]++;
}

static void model_drop(int g, efi_handle_t h)
{
	for (unsigned i = 0; i < queued[g]; i++) {
		if (queue[g][i] != h)
			continue;
		memmove(&queue[g][i], &queue[g][i + 1], (queued[g] - i - 1) * sizeof(queue[g][0]));
		queued[g]--;
		return;
	}
}

static void op_take(int g)
{
	efi_handle_t h = NULL;
	efi_status_t s = db_notify_next(&db, registration[g], true, &h);

	if (s != (queued[g] ? EFI_SUCCESS : EFI_NOT_FOUND))
		abort();
	if (s == EFI_SUCCESS) {
		if (h != queue[g][0])
			abort();
		model_drop(g, h);
	}
}

static unsigned protocol_count(const struct model_handle *m)
{
	unsigned n = 0;

	for (int g = 0; g < GUIDS; g++)
		n += m->iface[g] != NULL;
	return n;
}

static void op_install(struct model_handle *m, int g, void *iface)
{
	efi_handle_t h = m->handle;
	efi_status_t s = db_install(&db, &h, &guids[g], iface);
	bool ok = !m->iface[g];

	if (s != (ok ? EFI_SUCCESS : EFI_INVALID_PARAMETER))
		abort();
	if (ok) {
		m->handle = h;
		m->iface[g] = iface;
		model_news(g, h);
	}
}

/* A handle gone: its open records go with it, also those it made as the agent (slot 0). */
static void forget(struct model_handle *m)
{
	m->handle = NULL;
	memset(m->driver, 0, sizeof(m->driver));
	if (m == &model[0])
		for (int i = 0; i < SLOTS; i++)
			memset(model[i].driver, 0, sizeof(model[i].driver));
}

static void op_uninstall(struct model_handle *m, int g, void *iface)
{
	efi_status_t s, want;

	if (!m->handle)
		return;
	s = db_uninstall(&db, m->handle, &guids[g], iface);
	want = m->iface[g] != iface ? EFI_NOT_FOUND
	       : m->driver[g]	    ? EFI_ACCESS_DENIED
				    : EFI_SUCCESS;
	if (s != want)
		abort();
	if (s == EFI_SUCCESS) {
		model_drop(g, m->handle);
		m->iface[g] = NULL;
		if (!protocol_count(m) && !m->holds)
			forget(m);
	}
}

/* Holds a live handle (a new one, held and empty, for a slot without one), or releases it. */
static void op_hold_release(struct model_handle *m, bool hold)
{
	if (hold) {
		efi_handle_t h = NULL;
		efi_status_t s = m->handle ? db_hold(&db, m->handle) : db_new_held(&db, &h);

		if (s != EFI_SUCCESS)
			abort();
		if (!m->handle)
			m->handle = h;
		m->holds++;
		return;
	}
	db_release(&db, m->handle);
	if (m->handle && m->holds && --m->holds == 0 && !protocol_count(m))
		forget(m);
}

static void op_reinstall(struct model_handle *m, int g, void *iface)
{
	efi_status_t s, want;

	if (!m->handle || !m->iface[g])
		return;
	s = db_reinstall(&db, m->handle, &guids[g], m->iface[g], iface);
	want = m->driver[g] ? EFI_ACCESS_DENIED : EFI_SUCCESS;
	if (s != want)
		abort();
	if (s == EFI_SUCCESS) {
		m->iface[g] = iface;
		model_news(g, m->handle);
	}
}

/* Opens BY_DRIVER with slot 0 as agent and the handle itself as controller, or closes. */
static void op_open_close(struct model_handle *m, int g, bool open)
{
	efi_handle_t agent = model[0].handle;
	void *out = NULL;
	efi_status_t s;

	if (!m->handle || !agent)
		return;
	if (open) {
		s = db_open(&db, m->handle, &guids[g], &out, agent, m->handle,
			    EFI_OPEN_PROTOCOL_BY_DRIVER);
		if (!m->iface[g]) {
			if (s != EFI_UNSUPPORTED)
				abort();
			return;
		}
		if (s != (m->driver[g] ? EFI_ALREADY_STARTED : EFI_SUCCESS) || out != m->iface[g])
			abort();
		m->driver[g] = true;
		return;
	}
	s = db_close(&db, m->handle, &guids[g], agent, m->handle);
	if (s != (m->iface[g] && m->driver[g] ? EFI_SUCCESS : EFI_NOT_FOUND))
		abort();
	m->driver[g] = false;
}

static void check_model(void)
{
	unsigned live = 0;
	uint64_t size = 0;

	for (int i = 0; i < SLOTS; i++) {
		struct model_handle *m = &model[i];
		efi_guid_t *list[DB_MAX_PROTOCOLS];
		uint32_t count = 0;

		if (!m->handle)
			continue;
		live++;
		for (int g = 0; g < GUIDS; g++) {
			void *out = NULL;
			efi_status_t s = db_get(&db, m->handle, &guids[g], &out);

			if (s != (m->iface[g] ? EFI_SUCCESS : EFI_UNSUPPORTED) || out != m->iface[g])
				abort();
		}
		if (db_protocols(&db, m->handle, list, &count) != EFI_SUCCESS ||
		    count != protocol_count(m))
			abort();
	}
	if (db_locate_handles(&db, EFI_ALL_HANDLES, NULL, &size, NULL) !=
	    (live ? EFI_BUFFER_TOO_SMALL : EFI_NOT_FOUND))
		abort();
	if (live && size != live * sizeof(efi_handle_t))
		abort();
	for (int g = 0; g < GUIDS; g++) {
		efi_handle_t next = NULL;
		efi_status_t s = db_notify_next(&db, registration[g], false, &next);

		if (signalled[g] != signals[g] || s != (queued[g] ? EFI_SUCCESS : EFI_NOT_FOUND) ||
		    (queued[g] && next != queue[g][0]))
			abort();
	}
	for (int g = 0; g < GUIDS; g++) {
		void *out;
		bool anywhere = false;

		for (int i = 0; i < SLOTS; i++)
			anywhere |= model[i].handle && model[i].iface[g];
		if (db_locate_protocol(&db, &guids[g], &out) !=
		    (anywhere ? EFI_SUCCESS : EFI_NOT_FOUND))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	db_init(&db);
	db.signal = count_signal;
	memset(model, 0, sizeof(model));
	memset(queued, 0, sizeof(queued));
	memset(signals, 0, sizeof(signals));
	memset(signalled, 0, sizeof(signalled));
	for (int g = 0; g < GUIDS; g++)
		if (db_register_notify(&db, &guids[g], &events[g], &registration[g]) != EFI_SUCCESS)
			abort();
	for (; size >= 3; data += 3, size -= 3) {
		struct model_handle *m = &model[data[1] % SLOTS];
		int g = data[2] % GUIDS;
		void *iface = &ifaces[(data[2] / GUIDS) % IFACES];

		switch (data[0] % 8) {
		case 0:
		case 1:
			op_install(m, g, iface);
			break;
		case 2:
			op_uninstall(m, g, iface);
			break;
		case 3:
			op_reinstall(m, g, iface);
			break;
		case 6:
			op_take(g);
			break;
		case 7:
			op_hold_release(m, data[2] & 1);
			break;
		default:
			op_open_close(m, g, data[0] % 7 == 4);
			break;
		}
		check_model();
	}
	return 0;
}
