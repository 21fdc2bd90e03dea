package org.hitlbm.text;

/** Texts past the 510-word-piece window for the long-context tests. */
final class LongTexts {
    private LongTexts() {
    }

    /** About 450 word pieces about films, then about 450 about taxes: truncation only sees the films. */
    static String filmsThenTaxes() {
        String films = "The user loves romantic comedies and heartfelt romance films with witty dialogue. ";
        String taxes = "The quarterly tax report, invoices and accounting spreadsheets are due to the auditor. ";
        return films.repeat(30) + taxes.repeat(30);
    }
}
