using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Runtime.CompilerServices;
using System.Security;
using System.Threading;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Errors;

namespace Losant.AccessTokens.Completion
{
    /// <summary>
    /// The lists fetched for Tab completion (tokens, applications), kept for a minute per
    /// connection and per list. The connection is resolved as the cmdlets resolve it, from
    /// -ApiToken, -BaseUri, -ApiVersion and the proxy parameters already on the command line onwards.
    /// </summary>
    /// <remarks>
    /// Tab completion must feel instant and must never disturb the prompt: a list is fetched with a
    /// short timeout and no retries, and any failure (no connection, an API error, a timeout)
    /// simply completes nothing, for a few seconds before it is tried again.
    /// </remarks>
    internal static class CompletionCache
    {
        private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(10);
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
        private static readonly object Gate = new object();
        private static readonly Dictionary<string, Entry> Entries = new Dictionary<string, Entry>(StringComparer.Ordinal);

        /// <summary>Forgets every list; called when the connection or the tokens change.</summary>
        public static void Clear()
        {
            lock (Gate) Entries.Clear();
        }

        /// <summary>The connection the command line being completed would use; null when it would be refused.</summary>
        public static ResolvedConnection? ConnectionOf(IDictionary? fakeBoundParameters)
        {
            try
            {
                var given = new ConnectionOverrides
                {
                    ApiToken = fakeBoundParameters?["ApiToken"] as SecureString,
                    BaseUri = ToUri(fakeBoundParameters?["BaseUri"]),
                    ApiVersion = fakeBoundParameters?["ApiVersion"] as string,
                    // The proxy too: completion goes the way the command will.
                    Proxy = new ProxyChoice
                    {
                        Address = ToUri(fakeBoundParameters?["Proxy"]),
                        NoProxy = IsSet(fakeBoundParameters?["NoProxy"]),
                        Credential = fakeBoundParameters?["ProxyCredential"] as PSCredential,
                        UseDefaultCredentials = IsSet(fakeBoundParameters?["ProxyUseDefaultCredentials"]),
                    },
                };
                return ConnectionResolver.Resolve(given, LosantSession.Current);
            }
            catch (ErrorRecordException)
            {
                // No token, or a base URI the cmdlets would refuse: completion must not send the token anywhere else.
                return null;
            }
        }

        /// <summary>The list named <paramref name="what"/> for this connection: from the cache, else fetched now.</summary>
        public static IReadOnlyList<T> Get<T>(ResolvedConnection connection, string what, Func<AccessTokenClient, CancellationToken, IReadOnlyList<T>> fetch)
        {
            // The key holds the credential's identity, never the secret itself, and the proxy's key, which
            // holds none either: a list that failed through one proxy is tried again through another.
            var key = connection.BaseUri.AbsoluteUri + "\n" + connection.ApiVersion + "\n" + connection.CredentialIdentity + "\n" + connection.Proxy.Key + "\n" + what;
            var now = DateTime.UtcNow;
            lock (Gate)
            {
                if (Entries.TryGetValue(key, out var cached) && cached.ExpiresAt > now) return (IReadOnlyList<T>)cached.Items;
            }

            var items = Fetch(connection, fetch);
            lock (Gate)
            {
                now = DateTime.UtcNow;
                var expired = new List<string>();
                foreach (var entry in Entries) if (entry.Value.ExpiresAt <= now) expired.Add(entry.Key);
                foreach (var old in expired) Entries.Remove(old);
                Entries[key] = new Entry((object?)items ?? Array.Empty<T>(), now + (items == null ? FailureLifetime : Lifetime));
            }

            return items ?? Array.Empty<T>();
        }

        // Out of line so the engine's types are only touched once the module's load context is in place.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<T>? Fetch<T>(ResolvedConnection connection, Func<AccessTokenClient, CancellationToken, IReadOnlyList<T>> fetch)
        {
            var settings = connection.ToSettings();
            settings.MaxRetries = 0;
            settings.Timeout = Timeout;
            using var deadline = new CancellationTokenSource(Timeout);
            try
            {
                return fetch(new AccessTokenClient(settings), deadline.Token);
            }
            catch (Exception)
            {
                return null;
            }
        }

        private static bool IsSet(object? value) => value switch
        {
            SwitchParameter set => set.IsPresent,
            bool set => set,
            _ => false,
        };

        private static Uri? ToUri(object? value)
        {
            switch (value)
            {
                case Uri uri when uri.IsAbsoluteUri:
                    return uri;
                case string text when !string.IsNullOrWhiteSpace(text):
                    return Uri.TryCreate(text.Trim(), UriKind.Absolute, out var parsed) ? parsed : null;
                default:
                    return null;
            }
        }

        private sealed class Entry
        {
            public Entry(object items, DateTime expiresAt)
            {
                Items = items;
                ExpiresAt = expiresAt;
            }

            public object Items { get; }

            public DateTime ExpiresAt { get; }
        }
    }
}
