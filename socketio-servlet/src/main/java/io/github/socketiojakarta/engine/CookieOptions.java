package io.github.socketiojakarta.engine;

/**
 * The optional session cookie the reference server calls {@code cookie}: when set, the handshake
 * response carries {@code Set-Cookie: <name>=<sid>}. Off by default.
 *
 * @param name the cookie name ({@code io} in the reference)
 * @param path the cookie path ({@code /} in the reference)
 * @param httpOnly whether to add {@code HttpOnly}
 * @param sameSite the SameSite attribute ({@code Lax}, {@code Strict}, {@code None}) or
 *     {@code null} for none
 * @param secure whether to add {@code Secure}
 */
public record CookieOptions(String name, String path, boolean httpOnly, String sameSite, boolean secure) {

    /** The reference's defaults: {@code io}, path {@code /}, HttpOnly, SameSite=Lax. */
    public static CookieOptions defaults() {
        return new CookieOptions("io", "/", true, "Lax", false);
    }

    /** The {@code Set-Cookie} header value for a session. */
    public String header(String sid) {
        StringBuilder b = new StringBuilder(name).append('=').append(sid);
        if (path != null) {
            b.append("; Path=").append(path);
        }
        if (httpOnly) {
            b.append("; HttpOnly");
        }
        if (sameSite != null) {
            b.append("; SameSite=").append(sameSite);
        }
        if (secure) {
            b.append("; Secure");
        }
        return b.toString();
    }
}
