using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using Losant.AccessTokens.Api;
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
        internal override IEnumerable<CompletionResult>? Complete(Connection.ResolvedConnection connection, string parameterName, string word, bool quoted, IDictionary? fakeBoundParameters)
        {
            if (connection.Contract == TokenContract.AccessTokens) return null;
            var namePattern = WildcardPattern.Get(word + "*", WildcardOptions.IgnoreCase);
            var results = new List<CompletionResult>();
            foreach (var (id, name) in Applications(connection))
            {
                var byId = id.StartsWith(word, StringComparison.OrdinalIgnoreCase);
                var byName = word.Length > 0 && name != null && namePattern.IsMatch(name);
                if (!byId && !byName) continue;
                results.Add(new CompletionResult(id, name == null ? id : id + " (" + name + ")", CompletionResultType.ParameterValue, name ?? id));
            }

            return results;
        }

        // Out of line so the engine's types are only touched once the module's load context is in place.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<(string Id, string? Name)> Applications(Connection.ResolvedConnection connection) =>
            CompletionCache.Get(connection, "applications", (client, cancel) =>
            {
                using var listing = client.ListApplicationsAsync(new ListQuery { Concurrency = 4 }, new QueryFlags(false, false, false), cancel).GetAwaiter().GetResult();
                var applications = new List<(string, string?)>();
                Application? application;
                while ((application = listing.ReadNextAsync(cancel).GetAwaiter().GetResult()) != null) applications.Add((application.Id, application.Name));
                return (IReadOnlyList<(string, string?)>)applications;
            });
    }
}
