/*
 * Events (see events.h).
 *
 * Rule -> status:
 *   event pointer NULL or not a live event                  -> EFI_INVALID_PARAMETER
 *   CreateEvent: unknown type bits, both NOTIFY_WAIT and
 *     NOTIFY_SIGNAL, notify function NULL or TPL not
 *     APPLICATION/CALLBACK/NOTIFY for a notify type, a group
 *     with an EXIT_BOOT_SERVICES/VIRTUAL_ADDRESS_CHANGE type -> EFI_INVALID_PARAMETER
 *   virtual-address-change events                           -> EFI_UNSUPPORTED
 *   no free event slot                                      -> EFI_OUT_OF_RESOURCES
 *   SetTimer on a non-timer event, or an unknown timer type -> EFI_INVALID_PARAMETER
 *   CheckEvent/WaitForEvent on a NOTIFY_SIGNAL event        -> EFI_INVALID_PARAMETER
 *   WaitForEvent with no events                             -> EFI_INVALID_PARAMETER
 *   WaitForEvent above TPL_APPLICATION                      -> EFI_UNSUPPORTED
 *
 * A timer whose deadline does not fit in the clock (a trigger time near
 * UINT64_MAX, or one that SetTimer saturated to it) never fires: deadlines
 * saturate instead of wrapping to a time already past.
 */
#include <string.h>

#include "firmware/efi/events.h"

/* Bits that may combine freely; anything else must be one of the two signal types. */
#define COMBINABLE_BITS (EVT_TIMER | EVT_RUNTIME | EVT_NOTIFY_WAIT | EVT_NOTIFY_SIGNAL)
#define NEVER UINT64_MAX /* the deadline of a timer that cannot fire */

struct event {
	bool in_use, signaled, notify_pending, timer_armed, has_group;
	uint32_t type;
	uint64_t tpl;
	efi_event_notify_t notify;
	void *context;
	efi_guid_t group;
	uint64_t deadline, period;
};

static struct event events[EVENTS_MAX];
static uint64_t current_tpl = TPL_APPLICATION;
static uint64_t (*now_ticks)(void);

void events_init(uint64_t (*clock)(void))
{
	now_ticks = clock;
}

static struct event *lookup(efi_event_t handle)
{
	for (size_t i = 0; i < EVENTS_MAX; i++)
		if ((void *)&events[i] == handle && events[i].in_use)
			return &events[i];
	return NULL;
}

/* Runs queued notify functions above the current TPL, highest TPL first. */
static void dispatch(void)
{
	for (;;) {
		struct event *best = NULL;
		uint64_t saved = current_tpl;

		for (size_t i = 0; i < EVENTS_MAX; i++) {
			struct event *e = &events[i];

			if (e->in_use && e->notify_pending && e->tpl > current_tpl &&
			    (!best || e->tpl > best->tpl))
				best = e;
		}
		if (!best)
			return;
		best->notify_pending = false;
		if (best->type & EVT_NOTIFY_SIGNAL)
			best->signaled = false;
		current_tpl = best->tpl;
		best->notify(best, best->context);
		current_tpl = saved;
	}
}

static void signal_one(struct event *e)
{
	if (e->signaled)
		return;
	e->signaled = true;
	if (e->type & EVT_NOTIFY_SIGNAL)
		e->notify_pending = true;
}

/*
 * A notify runs when the TPL drops below its own, and it never drops below
 * TPL_APPLICATION: such a notify would never run (edk2 refuses it too).
 */
static bool valid_notify_tpl(uint64_t tpl)
{
	return tpl == TPL_CALLBACK || tpl == TPL_NOTIFY;
}

static efi_status_t check_create(uint32_t type, uint64_t tpl, efi_event_notify_t notify,
				 const efi_guid_t *group)
{
	bool wait = type & EVT_NOTIFY_WAIT, sig = type & EVT_NOTIFY_SIGNAL;

	if ((type & ~COMBINABLE_BITS) && type != EVT_SIGNAL_EXIT_BOOT_SERVICES &&
	    type != EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE)
		return EFI_INVALID_PARAMETER;
	if (group && (type == EVT_SIGNAL_EXIT_BOOT_SERVICES ||
		      type == EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE))
		return EFI_INVALID_PARAMETER;
	if (type == EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE ||
	    (group && efi_guid_equal(group, &efi_event_group_virtual_address_change_guid)))
		return EFI_UNSUPPORTED;
	if (wait && sig)
		return EFI_INVALID_PARAMETER;
	if ((wait || sig) && (!notify || !valid_notify_tpl(tpl)))
		return EFI_INVALID_PARAMETER;
	return EFI_SUCCESS;
}

efi_status_t events_create(uint32_t type, uint64_t notify_tpl, efi_event_notify_t notify,
			   const void *context, const efi_guid_t *group, efi_event_t *event)
{
	efi_status_t status;

	if (!event)
		return EFI_INVALID_PARAMETER;
	status = check_create(type, notify_tpl, notify, group);
	if (status != EFI_SUCCESS)
		return status;
	for (size_t i = 0; i < EVENTS_MAX; i++) {
		struct event *e = &events[i];

		if (e->in_use)
			continue;
		memset(e, 0, sizeof(*e));
		e->in_use = true;
		e->type = type;
		e->tpl = notify_tpl;
		e->notify = notify;
		e->context = (void *)context;
		if (type == EVT_SIGNAL_EXIT_BOOT_SERVICES)
			group = &efi_event_group_exit_boot_services_guid;
		if (group) {
			e->has_group = true;
			e->group = *group;
		}
		*event = e;
		return EFI_SUCCESS;
	}
	return EFI_OUT_OF_RESOURCES;
}

bool events_live(efi_event_t handle)
{
	return lookup(handle) != NULL;
}

efi_status_t events_close(efi_event_t handle)
{
	struct event *e = lookup(handle);

	if (!e)
		return EFI_INVALID_PARAMETER;
	e->in_use = false;
	return EFI_SUCCESS;
}

static void signal_group(const efi_guid_t *group)
{
	for (size_t i = 0; i < EVENTS_MAX; i++)
		if (events[i].in_use && events[i].has_group &&
		    efi_guid_equal(&events[i].group, group))
			signal_one(&events[i]);
}

efi_status_t events_signal(efi_event_t handle)
{
	struct event *e = lookup(handle);

	if (!e)
		return EFI_INVALID_PARAMETER;
	if (e->has_group)
		signal_group(&e->group);
	else
		signal_one(e);
	dispatch();
	return EFI_SUCCESS;
}

static uint64_t deadline_after(uint64_t now, uint64_t ticks)
{
	return ticks >= NEVER - now ? NEVER : now + ticks;
}

void events_poll(void)
{
	uint64_t now = now_ticks();

	for (size_t i = 0; i < EVENTS_MAX; i++) {
		struct event *e = &events[i];

		if (!e->in_use || !e->timer_armed || e->deadline == NEVER || now < e->deadline)
			continue;
		if (e->period)
			e->deadline = deadline_after(now, e->period);
		else
			e->timer_armed = false;
		signal_one(e);
	}
	dispatch();
}

efi_status_t events_check(efi_event_t handle)
{
	struct event *e = lookup(handle);

	if (!e || (e->type & EVT_NOTIFY_SIGNAL))
		return EFI_INVALID_PARAMETER;
	events_poll();
	if (!e->signaled && (e->type & EVT_NOTIFY_WAIT)) {
		e->notify_pending = true;
		dispatch();
	}
	if (e->signaled) {
		e->signaled = false;
		return EFI_SUCCESS;
	}
	return EFI_NOT_READY;
}

efi_status_t events_wait(uint64_t count, efi_event_t *list, uint64_t *index)
{
	if (!count || !list || !index)
		return EFI_INVALID_PARAMETER;
	if (current_tpl != TPL_APPLICATION)
		return EFI_UNSUPPORTED;
	for (;;) {
		for (uint64_t i = 0; i < count; i++) {
			efi_status_t status = events_check(list[i]);

			if (status != EFI_NOT_READY) {
				*index = i;
				return status;
			}
		}
	}
}

efi_status_t events_set_timer(efi_event_t handle, uint32_t type, uint64_t ticks)
{
	struct event *e = lookup(handle);

	if (!e || !(e->type & EVT_TIMER) || type > EFI_TIMER_RELATIVE)
		return EFI_INVALID_PARAMETER;
	if (type == EFI_TIMER_CANCEL) {
		e->timer_armed = false;
		return EFI_SUCCESS;
	}
	e->deadline = deadline_after(now_ticks(), ticks);
	/* a zero period fires on every poll; keep it at least one tick */
	e->period = type == EFI_TIMER_PERIODIC ? (ticks ? ticks : 1) : 0;
	e->timer_armed = true;
	return EFI_SUCCESS;
}

uint64_t events_raise_tpl(uint64_t new_tpl)
{
	uint64_t old = current_tpl;

	if (new_tpl > current_tpl && new_tpl <= TPL_HIGH_LEVEL)
		current_tpl = new_tpl;
	return old;
}

void events_restore_tpl(uint64_t old_tpl)
{
	if (old_tpl <= current_tpl)
		current_tpl = old_tpl;
	events_poll();
}

void events_signal_before_exit_boot_services(void)
{
	signal_group(&efi_event_group_before_exit_boot_services_guid);
	dispatch();
}

void events_signal_exit_boot_services(void)
{
	signal_group(&efi_event_group_exit_boot_services_guid);
	dispatch();
}
