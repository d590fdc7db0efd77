using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;
using System.Threading;
using Losant.AccessTokens.Api;
using Losant.AccessTokens.Connection;
using Losant.AccessTokens.Models;

namespace Losant.AccessTokens.Completion
{
    /// <summary>
    /// Completes access token ids (-AccessTokenId) and names (-Name) from the live list of the
    /// tokens of the owner on the command line (-ApplicationId, -InstanceId, else the caller's),
    /// with each token's name, status and expiry in the tooltip.
    /// </summary>
    public sealed class AccessTokenCompleter : LiveListCompleter
    {
        /// <inheritdoc />
        internal override IEnumerable<CompletionResult>? Complete(ResolvedConnection connection, string parameterName, string word, bool quoted, IDictionary? fakeBoundParameters)
        {
            var tokens = Tokens(connection, fakeBoundParameters?["ApplicationId"] as string, fakeBoundParameters?["InstanceId"] as string);
            if (tokens.Count == 0) return null;
            return string.Equals(parameterName, "Name", StringComparison.OrdinalIgnoreCase)
                ? CompleteNames(tokens, word, quoted)
                : CompleteIds(tokens, word);
        }

        /// <summary>Forgets every cached list; called when the connection changes and after a cmdlet changes tokens.</summary>
        internal static void ClearCache() => CompletionCache.Clear();

        // Out of line so the engine's types are only touched once the module's load context is in place.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<TokenSummary> Tokens(ResolvedConnection connection, string? applicationId, string? instanceId)
        {
            // What the cmdlet would refuse completes nothing; a parameter typed but still empty is not given yet.
            var owner = OwnerResolver.Resolve(NullIfEmpty(applicationId), NullIfEmpty(instanceId), connection, out _);
            if (owner == null) return Array.Empty<TokenSummary>();

            return CompletionCache.Get(connection, "tokens of " + owner, (client, cancel) =>
            {
                // Links and embedded resources are of no use to completion; leaving them out keeps the answer small.
                using var listing = client.ListAsync(owner, new ListQuery { Concurrency = 4 }, new QueryFlags(false, false, false), cancel).GetAwaiter().GetResult();
                var tokens = listing.ReadAllAsync(cancel).GetAwaiter().GetResult();
                var summaries = new List<TokenSummary>(tokens.Count);
                foreach (var token in tokens)
                {
                    if (!string.IsNullOrEmpty(token.Id)) summaries.Add(new TokenSummary(token.Id, token.Name, token.Status?.ToString(), token.ExpirationDate));
                }

                return (IReadOnlyList<TokenSummary>)summaries;
            });
        }

        private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

        private static IEnumerable<CompletionResult> CompleteIds(IReadOnlyList<TokenSummary> tokens, string word)
        {
            var match = new IdOrNameMatch(word);
            var results = new List<CompletionResult>();
            foreach (var token in tokens)
            {
                if (match.Matches(token.Id, token.Name)) results.Add(IdOrNameMatch.Offer(token.Id, token.Name, token.Describe()));
            }

            return results;
        }

        private static IEnumerable<CompletionResult> CompleteNames(IReadOnlyList<TokenSummary> tokens, string word, bool quoted)
        {
            var match = new IdOrNameMatch(word);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var matches = new List<TokenSummary>();
            foreach (var token in tokens)
            {
                if (!match.NameMatches(token.Name) || !seen.Add(token.Name!)) continue;
                matches.Add(token);
            }

            matches.Sort((a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
            var results = new List<CompletionResult>(matches.Count);
            foreach (var token in matches)
            {
                // -Name takes wildcards: a name holding * ? [ ] must match itself only.
                var text = WildcardPattern.Escape(token.Name!);
                if (quoted || CompletionText.NeedsQuotes(text)) text = "'" + CodeGeneration.EscapeSingleQuotedStringContent(text) + "'";
                results.Add(new CompletionResult(text, token.Name, CompletionResultType.ParameterValue, token.Describe()));
            }

            return results;
        }
    }
}
