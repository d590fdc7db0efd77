using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Completion
{
    /// <summary>
    /// Completes application ids (-ApplicationId) from <c>GET /applications</c>, by id or by the
    /// start of the name, with the name beside each id; cached like the token lists.
    /// </summary>
    public sealed class ApplicationCompleter : LiveListCompleter
    {
        /// <inheritdoc />
        internal override IEnumerable<CompletionResult>? Complete(ResolvedConnection connection, string parameterName, string word, bool quoted, IDictionary? fakeBoundParameters)
        {
            if (connection.Contract == TokenContract.AccessTokens) return null;
            var match = new IdOrNameMatch(word);
            var results = new List<CompletionResult>();
            foreach (var (id, name) in Applications(connection))
            {
                if (match.Matches(id, name)) results.Add(IdOrNameMatch.Offer(id, name, name ?? id));
            }

            return results;
        }

        // Out of line so the engine's types are only touched once the module's load context is in place.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<(string Id, string? Name)> Applications(ResolvedConnection connection) =>
            CompletionCache.Get(connection, "applications", (client, cancel) =>
            {
                using var listing = client.ListApplicationsAsync(new ListQuery { Concurrency = 4 }, new QueryFlags(false, false, false), cancel).GetAwaiter().GetResult();
                var applications = listing.ReadAllAsync(cancel).GetAwaiter().GetResult();
                return (IReadOnlyList<(string, string?)>)applications.ConvertAll(application => (application.Id, application.Name));
            });
    }
}
