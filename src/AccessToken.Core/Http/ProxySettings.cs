using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Losant.AccessTokens.Http
{
    /// <summary>How requests reach the API: directly, through a proxy named by its address, or through the system's proxy (Windows).</summary>
    public enum ProxyMode
    {
        /// <summary>Straight to the API, through no proxy.</summary>
        Direct,

        /// <summary>Through the proxy at <see cref="ProxySettings.Address"/>.</summary>
        Address,

        /// <summary>Through the proxy the operating system is set to use (Windows' Internet settings).</summary>
        System,
    }

    /// <summary>
    /// The proxy of a connection, with its credentials. Its address never holds user information;
    /// credentials are kept apart, and what tells two settings apart (<see cref="Key"/>) holds no
    /// secret. Requests of different settings never share a pooled connection.
    /// </summary>
    public sealed class ProxySettings
    {
        // A keyed hash of a proxy password tells two passwords apart within this process, and
        // nothing more: the key is new in every process and never leaves it.
        private static readonly byte[] PasswordHashKey = NewHashKey();

        private readonly string[] _bypass;
        private string? _key;

        private ProxySettings(ProxyMode mode, Uri? address, NetworkCredential? credential, bool useDefaultCredentials, string[] bypass)
        {
            Mode = mode;
            Address = address;
            Credential = credential;
            UseDefaultCredentials = useDefaultCredentials;
            _bypass = bypass;
        }

        /// <summary>No proxy: every request goes straight to the API.</summary>
        public static ProxySettings Direct { get; } = new ProxySettings(ProxyMode.Direct, null, null, false, new string[0]);

        /// <summary>
        /// Through the proxy at <paramref name="address"/> (user information in it is ignored: give
        /// it as <paramref name="credential"/>), except for destinations that <paramref name="bypass"/>
        /// names, written as NO_PROXY writes them.
        /// </summary>
        public static ProxySettings Through(Uri address, NetworkCredential? credential, bool useDefaultCredentials, IEnumerable<string>? bypass = null)
        {
            if (address == null) throw new ArgumentNullException(nameof(address));
            if (!IsProxyAddress(address)) throw new ArgumentException("A proxy address is an absolute http, https, socks4, socks4a or socks5 URI with a host.", nameof(address));
            var entries = new List<string>();
            if (bypass != null)
            {
                foreach (var entry in bypass)
                {
                    var normalized = NormalizeBypassEntry(entry);
                    if (normalized.Length > 0 && !entries.Contains(normalized)) entries.Add(normalized);
                }
            }

            return new ProxySettings(ProxyMode.Address, new Uri(Display(address) + "/"), credential, useDefaultCredentials, entries.ToArray());
        }

        /// <summary>Through the system's proxy (Windows), with these credentials if it asks for any.</summary>
        public static ProxySettings SystemProxy(NetworkCredential? credential, bool useDefaultCredentials) =>
            new ProxySettings(ProxyMode.System, null, credential, useDefaultCredentials, new string[0]);

        /// <summary>Which way requests go.</summary>
        public ProxyMode Mode { get; }

        /// <summary>The proxy's address as scheme://host:port/, never with user information; null unless <see cref="Mode"/> is <see cref="ProxyMode.Address"/>.</summary>
        public Uri? Address { get; }

        /// <summary>The user name and password sent when the proxy asks for them; null for none.</summary>
        public NetworkCredential? Credential { get; }

        /// <summary>Whether the proxy is sent the credentials of the account running the process (NTLM, Kerberos, Negotiate).</summary>
        public bool UseDefaultCredentials { get; }

        /// <summary>The destinations reached without the proxy, as NO_PROXY names them: host names, domains, addresses, or *.</summary>
        public IReadOnlyList<string> Bypass => _bypass;

        /// <summary>Whether any credentials are sent to the proxy.</summary>
        public bool HasCredentials => Credential != null || UseDefaultCredentials;

        /// <summary>
        /// Tells proxy settings apart, credentials included, without holding a secret: the same
        /// key means the same proxy and the same credentials, so the same pooled connections.
        /// </summary>
        public string Key => _key ??= BuildKey();

        /// <summary>A proxy address as scheme://host:port, without user information, path or query.</summary>
        public static string Display(Uri address)
        {
            if (address == null) throw new ArgumentNullException(nameof(address));
            return address.Scheme + "://" + address.GetComponents(UriComponents.HostAndPort, UriFormat.UriEscaped);
        }

        /// <summary>True for an absolute http, https, socks4, socks4a or socks5 URI with a host: what a proxy address may be.</summary>
        public static bool IsProxyAddress(Uri? address) =>
            address != null && address.IsAbsoluteUri && !string.IsNullOrEmpty(address.Host)
            && (address.Scheme == Uri.UriSchemeHttp || address.Scheme == Uri.UriSchemeHttps
                || address.Scheme == "socks4" || address.Scheme == "socks4a" || address.Scheme == "socks5");

        /// <summary>
        /// The proxy a request to <paramref name="destination"/> goes through, as scheme://host:port;
        /// null when it goes straight there, and "the system proxy" where the system decides.
        /// </summary>
        public string? ProxyFor(Uri destination)
        {
            switch (Mode)
            {
                case ProxyMode.Address:
                    return IsBypassed(destination) ? null : Display(Address!);
                case ProxyMode.System:
                    return SystemProxyFor(destination);
                default:
                    return null;
            }
        }

        /// <summary>
        /// Whether a request to <paramref name="destination"/> goes straight there: NO_PROXY names
        /// it, or it is on this computer and the proxy is not (a proxy elsewhere cannot reach this
        /// computer's loopback, and a plain-HTTP request to it would carry the API token across the network).
        /// </summary>
        public bool IsBypassed(Uri destination)
        {
            if (destination == null) throw new ArgumentNullException(nameof(destination));
            if (Mode != ProxyMode.Address) return Mode == ProxyMode.Direct;
            var host = HostOf(destination);
            if (IsLoopback(host) && !IsLoopback(HostOf(Address!))) return true;
            foreach (var entry in _bypass)
            {
                if (entry == "*") return true;
                if (host == entry) return true;
                if (host.Length > entry.Length && host.EndsWith(entry, StringComparison.Ordinal) && host[host.Length - entry.Length - 1] == '.') return true;
            }

            return false;
        }

        /// <summary>Where requests go, for people: "none", "the system proxy" or the proxy's scheme://host:port; never credentials.</summary>
        public override string ToString() => Mode switch
        {
            ProxyMode.Address => Display(Address!),
            ProxyMode.System => "the system proxy",
            _ => "none",
        };

        /// <summary>
        /// One NO_PROXY entry as it is matched: lower case, without a leading "*." or ".", a port
        /// or IPv6 brackets; "*" stays, and means every destination.
        /// </summary>
        internal static string NormalizeBypassEntry(string? entry)
        {
            var text = (entry ?? string.Empty).Trim().ToLowerInvariant();
            if (text == "*") return text;
            if (text.StartsWith("*", StringComparison.Ordinal)) text = text.Substring(1);
            if (text.StartsWith(".", StringComparison.Ordinal)) text = text.Substring(1);
            if (text.StartsWith("[", StringComparison.Ordinal))
            {
                var close = text.IndexOf(']');
                return close > 0 ? text.Substring(1, close - 1) : string.Empty;
            }

            // A port after a name or an IPv4 address; an IPv6 address has more than one colon.
            var colon = text.IndexOf(':');
            if (colon >= 0 && colon == text.LastIndexOf(':')) text = text.Substring(0, colon);
            return text;
        }

        private static string HostOf(Uri uri) => uri.DnsSafeHost.Trim('[', ']').ToLowerInvariant();

        private static bool IsLoopback(string host) =>
            host == "localhost" || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

        private static string? SystemProxyFor(Uri destination)
        {
            try
            {
                var system = WebRequest.DefaultWebProxy;
                if (system == null || system.IsBypassed(destination)) return null;
                var proxy = system.GetProxy(destination);
                return proxy == null || proxy == destination ? null : Display(proxy);
            }
            catch (Exception e) when (e is PlatformNotSupportedException || e is InvalidOperationException)
            {
                return "the system proxy";
            }
        }

        private string BuildKey()
        {
            var key = new StringBuilder(Mode.ToString());
            if (Address != null) key.Append(' ').Append(Display(Address));
            if (_bypass.Length > 0) key.Append(" bypass ").Append(string.Join(",", _bypass));
            if (UseDefaultCredentials) key.Append(" default credentials");
            if (Credential != null)
            {
                key.Append(" credential ").Append(Credential.Domain).Append('\\').Append(Credential.UserName)
                    .Append(' ').Append(HashPassword(Credential));
            }

            return key.ToString();
        }

        private static string HashPassword(NetworkCredential credential) =>
            SecretText.WithRevealed(credential.SecurePassword, characters =>
            {
                var bytes = Encoding.Unicode.GetBytes(characters);
                try
                {
                    using var hmac = new HMACSHA256(PasswordHashKey);
                    var hash = hmac.ComputeHash(bytes);
                    var text = new StringBuilder(hash.Length * 2);
                    foreach (var b in hash) text.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                    return text.ToString();
                }
                finally
                {
                    Array.Clear(bytes, 0, bytes.Length);
                }
            });

        private static byte[] NewHashKey()
        {
            var key = new byte[32];
            using var random = RandomNumberGenerator.Create();
            random.GetBytes(key);
            return key;
        }
    }
}
