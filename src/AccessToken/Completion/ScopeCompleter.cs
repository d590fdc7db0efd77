using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Losant.AccessTokens.Completion
{
    /// <summary>
    /// Completes scope names (-Scope) from the names the API accepts, shipped inside the module:
    /// those of application tokens when -ApplicationId is on the command line, else those of user
    /// and instance tokens. Names ending in <c>.*</c> stand for every action of a resource.
    /// </summary>
    public sealed class ScopeCompleter : IArgumentCompleter
    {
        private static readonly Lazy<string[]> UserTokenScopes = new Lazy<string[]>(() => Read("Scopes.user-token.txt"));
        private static readonly Lazy<string[]> ApplicationTokenScopes = new Lazy<string[]>(() => Read("Scopes.application-token.txt"));

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var forApplication = !string.IsNullOrEmpty(fakeBoundParameters?["ApplicationId"] as string);
            var (word, quoted) = CompletionText.Unquote(wordToComplete ?? string.Empty);
            var owner = forApplication ? "application tokens" : "user and instance tokens";
            var results = new List<CompletionResult>();
            foreach (var scope in forApplication ? ApplicationTokenScopes.Value : UserTokenScopes.Value)
            {
                if (!scope.StartsWith(word, StringComparison.OrdinalIgnoreCase)) continue;
                var text = quoted ? "'" + scope + "'" : scope;
                results.Add(new CompletionResult(text, scope, CompletionResultType.ParameterValue, $"{scope} (a scope of {owner})"));
            }

            return results;
        }

        private static string[] Read(string resource)
        {
            using var stream = typeof(ScopeCompleter).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The module is missing its list of scopes, {resource}.");
            using var reader = new StreamReader(stream);
            var scopes = new List<string>();
            string? line;
            while ((line = reader.ReadLine()) != null)
            {
                if (line.Trim().Length > 0) scopes.Add(line.Trim());
            }

            return scopes.ToArray();
        }
    }
}
