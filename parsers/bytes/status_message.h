/*
 * The lookup behind every parser's *_strerror(): a status's entry in the
 * parser's table of messages, or the parser's fallback for a status outside
 * the table or without a message (parsers/testing/strerror_table checks that
 * every status has one of its own).
 */
#ifndef EFILITE_PARSERS_BYTES_STATUS_MESSAGE_H
#define EFILITE_PARSERS_BYTES_STATUS_MESSAGE_H

/* messages has count entries, indexed by status. */
static inline const char *bytes_status_message(const char *const *messages, int count, int status,
					       const char *unknown)
{
	if (status < 0 || status >= count || !messages[status])
		return unknown;
	return messages[status];
}
#endif
