/* SPDX-License-Identifier: MIT */
/* Event services: timers, CheckEvent/WaitForEvent/SignalEvent, notify functions. */
#include "qemu-tests/conformance/suites.h"
#include "qemu-tests/conformance/test.h"

/* SetTimer counts in 100 ns units. */
#define MS_100NS 10000ull

struct notify_record {
	unsigned int calls;
	efi_event_t event;
};

static void record_notify(efi_event_t event, void *context)
{
	struct notify_record *record = context;

	record->calls++;
	record->event = event;
}

static void test_create_errors(void)
{
	struct notify_record record = { 0 };
	efi_event_t event;

	t_status("event.create_signal_without_function",
		 env.bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, NULL, NULL, &event),
		 EFI_INVALID_PARAMETER);
	t_status("event.create_wait_and_signal",
		 env.bs->create_event(EVT_NOTIFY_SIGNAL | EVT_NOTIFY_WAIT, TPL_CALLBACK,
				      record_notify, &record, &event),
		 EFI_INVALID_PARAMETER);
	t_status("event.create_null_event",
		 env.bs->create_event(EVT_TIMER, 0, NULL, NULL, NULL), EFI_INVALID_PARAMETER);
}

static void test_relative_timer(void)
{
	efi_event_t event;
	uint64_t start, waited, index = 99;

	if (!t_status("event.create_timer", env.bs->create_event(EVT_TIMER, 0, NULL, NULL, &event),
		      EFI_SUCCESS))
		return;
	t_status("event.check_unsignaled_not_ready", env.bs->check_event(event), EFI_NOT_READY);
	t_status("event.set_timer_relative",
		 env.bs->set_timer(event, EFI_TIMER_RELATIVE, 10 * MS_100NS), EFI_SUCCESS);
	t_status("event.check_before_expiry_not_ready", env.bs->check_event(event),
		 EFI_NOT_READY);
	env.bs->stall(30000);
	t_status("event.check_after_expiry_success", env.bs->check_event(event), EFI_SUCCESS);
	t_status("event.check_clears_signal", env.bs->check_event(event), EFI_NOT_READY);

	start = t_ticks();
	env.bs->set_timer(event, EFI_TIMER_RELATIVE, 20 * MS_100NS);
	t_status("event.wait_for_timer", env.bs->wait_for_event(1, &event, &index), EFI_SUCCESS);
	t_equal("event.wait_index", index, 0);
	waited = t_elapsed_us(start);
	if (!t_check("event.wait_not_early", waited >= 20000,
		     "WaitForEvent returned before the 20 ms timer expired")) {
		t_puts("  waited (us): ");
		t_put_dec(waited);
		t_puts("\n");
	}
	t_status("event.close_timer", env.bs->close_event(event), EFI_SUCCESS);
}

static void test_periodic_timer(void)
{
	efi_event_t event;
	uint64_t start, index;
	bool all_ok = true;

	if (!t_status("event.create_periodic_timer",
		      env.bs->create_event(EVT_TIMER, 0, NULL, NULL, &event), EFI_SUCCESS))
		return;
	start = t_ticks();
	t_status("event.set_timer_periodic",
		 env.bs->set_timer(event, EFI_TIMER_PERIODIC, 10 * MS_100NS), EFI_SUCCESS);
	for (int i = 0; i < 3; i++)
		all_ok &= env.bs->wait_for_event(1, &event, &index) == EFI_SUCCESS;
	t_check("event.periodic_fires_repeatedly", all_ok, "WaitForEvent failed on a period");
	t_check("event.periodic_not_early", t_elapsed_us(start) >= 30000,
		"three 10 ms periods took less than 30 ms");

	t_status("event.set_timer_cancel", env.bs->set_timer(event, EFI_TIMER_CANCEL, 0),
		 EFI_SUCCESS);
	env.bs->check_event(event);
	env.bs->stall(25000);
	t_status("event.cancelled_timer_silent", env.bs->check_event(event), EFI_NOT_READY);
	env.bs->close_event(event);
}

static void test_signal_notify(void)
{
	struct notify_record record = { 0 };
	efi_event_t event, events[1];
	uint64_t index;

	if (!t_status("event.create_notify_signal",
		      env.bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, record_notify, &record,
					   &event),
		      EFI_SUCCESS))
		return;
	t_equal("event.notify_not_called_before_signal", record.calls, 0);
	t_status("event.signal", env.bs->signal_event(event), EFI_SUCCESS);
	t_equal("event.notify_called_once", record.calls, 1);
	t_check("event.notify_gets_event", record.event == event, "wrong event passed to notify");
	t_status("event.check_notify_signal_invalid", env.bs->check_event(event),
		 EFI_INVALID_PARAMETER);
	events[0] = event;
	t_status("event.wait_notify_signal_invalid", env.bs->wait_for_event(1, events, &index),
		 EFI_INVALID_PARAMETER);
	t_status("event.close_notify_signal", env.bs->close_event(event), EFI_SUCCESS);
}

/* An EVT_NOTIFY_WAIT function runs when the event is checked, and may signal it. */
static void signal_on_wait(efi_event_t event, void *context)
{
	record_notify(event, context);
	env.bs->signal_event(event);
}

static void test_notify_wait(void)
{
	struct notify_record record = { 0 };
	efi_event_t event;

	if (!t_status("event.create_notify_wait",
		      env.bs->create_event(EVT_NOTIFY_WAIT, TPL_CALLBACK, signal_on_wait, &record,
					   &event),
		      EFI_SUCCESS))
		return;
	t_status("event.check_runs_wait_notify", env.bs->check_event(event), EFI_SUCCESS);
	t_check("event.wait_notify_called", record.calls >= 1 && record.event == event,
		"notify function not run by CheckEvent");
	env.bs->close_event(event);
}

/* Signalling one event of a group signals every event of that group. */
static void test_event_group(void)
{
	static const efi_guid_t group = EFI_GUID(0x51f0e6a3, 0x83b2, 0x4c5d, 0x9a, 0x01, 0x6e,
						 0x2b, 0x7c, 0x44, 0x19, 0xd8);
	struct notify_record first = { 0 }, second = { 0 };
	efi_event_t a, b;

	if (!t_status("event.create_ex_group",
		      env.bs->create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, record_notify,
					      &first, &group, &a),
		      EFI_SUCCESS))
		return;
	if (env.bs->create_event_ex(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, record_notify, &second,
				    &group, &b) != EFI_SUCCESS) {
		env.bs->close_event(a);
		return;
	}
	env.bs->signal_event(a);
	t_check("event.group_signals_all", first.calls == 1 && second.calls == 1,
		"a group member's notify function did not run exactly once");
	env.bs->close_event(a);
	env.bs->close_event(b);
}

/* Notifications wait while the TPL is at or above their own, and run on RestoreTPL. */
static void test_tpl(void)
{
	struct notify_record record = { 0 };
	efi_event_t event;
	efi_tpl_t old;

	if (!t_status("tpl.create_event",
		      env.bs->create_event(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, record_notify, &record,
					   &event),
		      EFI_SUCCESS))
		return;
	old = env.bs->raise_tpl(TPL_NOTIFY);
	t_equal("tpl.raise_returns_previous", old, TPL_APPLICATION);
	env.bs->signal_event(event);
	t_equal("tpl.notify_deferred_while_raised", record.calls, 0);
	env.bs->restore_tpl(old);
	t_equal("tpl.notify_runs_on_restore", record.calls, 1);
	env.bs->close_event(event);
}

static void test_wait_errors(void)
{
	uint64_t index;
	efi_event_t event;

	t_status("event.wait_zero_events", env.bs->wait_for_event(0, &event, &index),
		 EFI_INVALID_PARAMETER);
}

/*
 * A trigger time the timer cannot reach never fires (it used to wrap to "at
 * once"). Relative timers only: a periodic one whose period wraps can keep
 * a firmware re-arming it forever (edk2 2022.11 hangs so); efilite's
 * periodic deadlines are checked by its host tests.
 */
static void test_far_timer(void)
{
	static const uint64_t far[] = { UINT64_MAX, UINT64_MAX - 1, 1ull << 63 };
	efi_event_t event;
	bool never = true;

	if (!t_status("event.create_far_timer", env.bs->create_event(EVT_TIMER, 0, NULL, NULL, &event),
		      EFI_SUCCESS))
		return;
	for (unsigned i = 0; i < sizeof(far) / sizeof(far[0]); i++) {
		never &= env.bs->set_timer(event, EFI_TIMER_RELATIVE, far[i]) == EFI_SUCCESS;
		env.bs->stall(1000);
		never &= env.bs->check_event(event) == EFI_NOT_READY;
	}
	env.bs->set_timer(event, EFI_TIMER_CANCEL, 0);
	t_check("event.far_timer_never_fires", never,
		"a relative timer of 2^63 or more 100 ns units fired");
	env.bs->close_event(event);
}

void test_events(void)
{
	test_create_errors();
	test_relative_timer();
	test_periodic_timer();
	test_far_timer();
	test_signal_notify();
	test_notify_wait();
	test_event_group();
	test_tpl();
	test_wait_errors();
}
