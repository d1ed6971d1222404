import { z } from "zod";
import { isPlainLine, LINE_CONTROL_MESSAGE } from "../kernel/text.ts";

// One schema for a client's contact details, used by the booking form, the
// staff screens and the API, so all three accept and refuse the same input.
// Each field is one line: control characters, line breaks and invisible
// direction marks are refused before anything else is checked (a NUL byte
// would fail the database; a line break would forge lines in e-mails and
// calendar files; a direction mark would show a name other than the stored one).
export const ClientContactSchema = z.object({
  name: z
    .string({ error: "Enter your name." })
    .refine(isPlainLine, { error: LINE_CONTROL_MESSAGE, abort: true })
    .trim()
    .min(1, "Enter your name.")
    .max(120, "Use at most 120 characters."),
  email: z
    .string({ error: "Enter your e-mail address." })
    .refine(isPlainLine, { error: LINE_CONTROL_MESSAGE, abort: true })
    .trim()
    .min(1, "Enter your e-mail address.")
    .max(254, "That e-mail address is too long.")
    .pipe(z.email("Enter an e-mail address like name@example.com.")),
  phone: z
    .string()
    .refine(isPlainLine, { error: LINE_CONTROL_MESSAGE, abort: true })
    .trim()
    .max(30, "That phone number is too long.")
    .refine((v) => v === "" || /^\+?[0-9 ().-]+$/.test(v), "Use digits, spaces and + ( ) - only.")
    .refine((v) => {
      const digits = v.replace(/\D/g, "").length;
      return v === "" || (digits >= 7 && digits <= 15);
    }, "Enter a phone number with 7 to 15 digits.")
    .optional()
    .transform((v) => (v ? v : undefined)),
});

export type ClientContact = z.infer<typeof ClientContactSchema>;
