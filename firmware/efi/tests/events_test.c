/* Host tests for events (firmware/efi/events.c) on a hand-advanced timer stub. */
#include "firmware/efi/events.h"
#include "tools/testing/check.h"

static uint64_t stub_ticks;

static uint64_t fake_clock(void)
{
	return stub_ticks;
}

static int notified;
static uint64_t tpl_seen;
static efi_event_t signal_from_wait;

static void count_notify(efi_event_t event, void *context)
{
	(void)event;
	notified += *(int *)context;
	tpl_seen = events_raise_tpl(TPL_HIGH_LEVEL);
	events_restore_tpl(tpl_seen);
}

static void wait_notify(efi_event_t event, void *context)
{
	(void)context;
	notified++;
	if (notified >= 3)
		events_signal(event);
	(void)signal_from_wait;
}

static void test_create_rules(void)
{
	efi_event_t e;
	int one = 1;

	CHECK(events_create(0, 0, NULL, NULL, NULL, NULL) == EFI_INVALID_PARAMETER);
	CHECK(events_create(0x1, 0, NULL, NULL, NULL, &e) == EFI_INVALID_PARAMETER);
	CHECK(events_create(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, NULL, NULL, NULL, &e) ==
	      EFI_INVALID_PARAMETER);
	CHECK(events_create(EVT_NOTIFY_SIGNAL | EVT_NOTIFY_WAIT, TPL_CALLBACK, count_notify, &one,
			    NULL, &e) == EFI_INVALID_PARAMETER);
	CHECK(events_create(EVT_NOTIFY_SIGNAL, TPL_HIGH_LEVEL, count_notify, &one, NULL, &e) ==
	      EFI_INVALID_PARAMETER);
	/* the TPL never drops below TPL_APPLICATION: such a notify could never run */
	CHECK(events_create(EVT_NOTIFY_SIGNAL, TPL_APPLICATION, count_notify, &one, NULL, &e) ==
	      EFI_INVALID_PARAMETER);
	CHECK(events_create(EVT_NOTIFY_WAIT, TPL_APPLICATION, count_notify, &one, NULL, &e) ==
	      EFI_INVALID_PARAMETER);
	CHECK(events_create(EVT_SIGNAL_VIRTUAL_ADDRESS_CHANGE, TPL_CALLBACK, count_notify, &one,
			    NULL, &e) == EFI_UNSUPPORTED);
	CHECK(events_create(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_CALLBACK, count_notify, &one,
			    &efi_event_group_exit_boot_services_guid, &e) == EFI_INVALID_PARAMETER);
	CHECK(events_close(&one) == EFI_INVALID_PARAMETER);
	CHECK(events_signal(NULL) == EFI_INVALID_PARAMETER);
}

static void test_signal_notify(void)
{
	efi_event_t e;
	int two = 2;

	notified = 0;
	CHECK(events_create(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, &two, NULL, &e) ==
	      EFI_SUCCESS);
	CHECK(events_signal(e) == EFI_SUCCESS);
	CHECK(notified == 2 && tpl_seen == TPL_CALLBACK);
	CHECK(events_check(e) == EFI_INVALID_PARAMETER);
	/* raised TPL defers the notify until it is restored */
	uint64_t old = events_raise_tpl(TPL_NOTIFY);
	CHECK(events_signal(e) == EFI_SUCCESS);
	CHECK(notified == 2);
	events_restore_tpl(old);
	CHECK(notified == 4);
	CHECK(events_close(e) == EFI_SUCCESS);
	CHECK(events_signal(e) == EFI_INVALID_PARAMETER);
}

static void test_plain_event_check(void)
{
	efi_event_t e;

	CHECK(events_create(0, 0, NULL, NULL, NULL, &e) == EFI_SUCCESS);
	CHECK(events_check(e) == EFI_NOT_READY);
	events_signal(e);
	CHECK(events_check(e) == EFI_SUCCESS);
	CHECK(events_check(e) == EFI_NOT_READY); /* checking resets it */
	events_close(e);
}

static void test_timer(void)
{
	efi_event_t e, list[2];
	uint64_t index = 9;

	stub_ticks = 1000;
	CHECK(events_create(EVT_TIMER, 0, NULL, NULL, NULL, &e) == EFI_SUCCESS);
	CHECK(events_set_timer(e, 3, 10) == EFI_INVALID_PARAMETER);
	CHECK(events_set_timer(e, EFI_TIMER_RELATIVE, 500) == EFI_SUCCESS);
	stub_ticks = 1499;
	CHECK(events_check(e) == EFI_NOT_READY);
	stub_ticks = 1500;
	CHECK(events_check(e) == EFI_SUCCESS);
	stub_ticks = 5000;
	CHECK(events_check(e) == EFI_NOT_READY); /* one-shot */
	CHECK(events_set_timer(e, EFI_TIMER_PERIODIC, 100) == EFI_SUCCESS);
	stub_ticks = 5100;
	CHECK(events_check(e) == EFI_SUCCESS);
	stub_ticks = 5200;
	CHECK(events_check(e) == EFI_SUCCESS);
	CHECK(events_set_timer(e, EFI_TIMER_CANCEL, 0) == EFI_SUCCESS);
	stub_ticks = 9000;
	CHECK(events_check(e) == EFI_NOT_READY);
	/* WaitForEvent returns the index of the signalled one */
	CHECK(events_create(0, 0, NULL, NULL, NULL, &list[0]) == EFI_SUCCESS);
	list[1] = e;
	events_set_timer(e, EFI_TIMER_RELATIVE, 0);
	CHECK(events_wait(2, list, &index) == EFI_SUCCESS && index == 1);
	CHECK(events_wait(0, list, &index) == EFI_INVALID_PARAMETER);
	uint64_t old = events_raise_tpl(TPL_CALLBACK);
	CHECK(events_wait(2, list, &index) == EFI_UNSUPPORTED);
	events_restore_tpl(old);
	events_close(list[0]);
	events_close(e);
}

/* A deadline beyond the clock's range saturates to "never" instead of wrapping into the past. */
static void test_timer_far_future(void)
{
	efi_event_t e;

	stub_ticks = 1000;
	CHECK(events_create(EVT_TIMER, 0, NULL, NULL, NULL, &e) == EFI_SUCCESS);
	CHECK(events_set_timer(e, EFI_TIMER_RELATIVE, UINT64_MAX - 10) == EFI_SUCCESS);
	CHECK(events_check(e) == EFI_NOT_READY);
	CHECK(events_set_timer(e, EFI_TIMER_RELATIVE, UINT64_MAX) == EFI_SUCCESS);
	CHECK(events_check(e) == EFI_NOT_READY);
	stub_ticks = UINT64_MAX - 1;
	CHECK(events_check(e) == EFI_NOT_READY);
	stub_ticks = UINT64_MAX;
	CHECK(events_check(e) == EFI_NOT_READY); /* never, not "at the last tick" */
	/* a periodic timer's next deadline saturates too */
	stub_ticks = 1000;
	CHECK(events_set_timer(e, EFI_TIMER_PERIODIC, UINT64_MAX - 2000) == EFI_SUCCESS);
	stub_ticks = UINT64_MAX - 1000;
	CHECK(events_check(e) == EFI_SUCCESS);
	stub_ticks = UINT64_MAX - 999;
	CHECK(events_check(e) == EFI_NOT_READY);
	stub_ticks = UINT64_MAX;
	CHECK(events_check(e) == EFI_NOT_READY);
	/* the largest delay that fits still fires */
	stub_ticks = 0;
	CHECK(events_set_timer(e, EFI_TIMER_RELATIVE, UINT64_MAX - 1) == EFI_SUCCESS);
	stub_ticks = UINT64_MAX - 2;
	CHECK(events_check(e) == EFI_NOT_READY);
	stub_ticks = UINT64_MAX - 1;
	CHECK(events_check(e) == EFI_SUCCESS);
	events_close(e);
}

static void test_wait_notify(void)
{
	efi_event_t e;
	uint64_t index = 9;

	notified = 0;
	CHECK(events_create(EVT_NOTIFY_WAIT, TPL_NOTIFY, wait_notify, NULL, NULL, &e) ==
	      EFI_SUCCESS);
	/* the notify runs on every check until it signals the event itself */
	CHECK(events_check(e) == EFI_NOT_READY && notified == 1);
	CHECK(events_wait(1, &e, &index) == EFI_SUCCESS && index == 0 && notified == 3);
	events_close(e);
}

static void test_exit_boot_services_group(void)
{
	efi_event_t a, b, c;
	int one = 1;

	notified = 0;
	CHECK(events_create(EVT_SIGNAL_EXIT_BOOT_SERVICES, TPL_NOTIFY, count_notify, &one, NULL,
			    &a) == EFI_SUCCESS);
	CHECK(events_create(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, &one,
			    &efi_event_group_exit_boot_services_guid, &b) == EFI_SUCCESS);
	CHECK(events_create(EVT_NOTIFY_SIGNAL, TPL_CALLBACK, count_notify, &one, NULL, &c) ==
	      EFI_SUCCESS);
	events_signal_exit_boot_services();
	CHECK(notified == 2);
	/* signalling one member signals the whole group */
	CHECK(events_signal(b) == EFI_SUCCESS && notified == 4);
	events_close(a);
	events_close(b);
	events_close(c);
}

static void test_capacity(void)
{
	efi_event_t e[EVENTS_MAX + 1];
	int made = 0;

	for (int i = 0; i <= EVENTS_MAX; i++)
		made += events_create(0, 0, NULL, NULL, NULL, &e[i]) == EFI_SUCCESS;
	CHECK(made == EVENTS_MAX);
	for (int i = 0; i < made; i++)
		events_close(e[i]);
}

int main(void)
{
	events_init(fake_clock);
	test_create_rules();
	test_signal_notify();
	test_plain_event_check();
	test_timer();
	test_timer_far_future();
	test_wait_notify();
	test_exit_boot_services_group();
	test_capacity();
	return check_report("events_test");
}
