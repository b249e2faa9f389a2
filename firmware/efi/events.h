/*
 * Minimal real UEFI events: notify functions dispatched by task priority
 * level, timers polled on the generic timer (there are no interrupts), and
 * event groups (ExitBootServices). Events signalled on virtual address
 * changes are not supported (EFI_UNSUPPORTED).
 */
#ifndef EFILITE_EFI_EVENTS_H
#define EFILITE_EFI_EVENTS_H
#include <stdbool.h>
#include <stdint.h>

#include "firmware/efi/efi.h"

#define EVENTS_MAX 32

/* clock: monotonic ticks (the generic timer in firmware, a fake in host tests). */
void events_init(uint64_t (*clock)(void));

efi_status_t events_create(uint32_t type, uint64_t notify_tpl, efi_event_notify_t notify,
			   const void *context, const efi_guid_t *group, efi_event_t *event);
efi_status_t events_close(efi_event_t event);
/* True if event names a live event. */
bool events_live(efi_event_t event);
efi_status_t events_signal(efi_event_t event);
efi_status_t events_check(efi_event_t event);
efi_status_t events_wait(uint64_t count, efi_event_t *events, uint64_t *index);
/* trigger_ticks: the SetTimer() delay already converted to clock ticks. */
efi_status_t events_set_timer(efi_event_t event, uint32_t type, uint64_t trigger_ticks);
uint64_t events_raise_tpl(uint64_t new_tpl);
void events_restore_tpl(uint64_t old_tpl);
/* Fires expired timers and runs pending notifies (called from polling services). */
void events_poll(void);
/* Signals the EFI_EVENT_GROUP_BEFORE_EXIT_BOOT_SERVICES group. */
void events_signal_before_exit_boot_services(void);
/* Signals the ExitBootServices group (EVT_SIGNAL_EXIT_BOOT_SERVICES and the GUID group). */
void events_signal_exit_boot_services(void);
#endif
