using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Language;
using Losant.AccessTokens.Connection;

namespace Losant.AccessTokens.Completion
{
    /// <summary>
    /// A completer that offers what the API lists for the connection on the command line. It
    /// completes nothing, and never throws, when there is no usable connection or the API fails.
    /// </summary>
    public abstract class LiveListCompleter : IArgumentCompleter
    {
        private static readonly IEnumerable<CompletionResult> Nothing = new CompletionResult[0];

        /// <inheritdoc />
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var connection = CompletionCache.ConnectionOf(fakeBoundParameters);
                if (connection == null) return Nothing;
                var (word, quoted) = CompletionText.Unquote(wordToComplete ?? string.Empty);
                return Complete(connection, parameterName, word, quoted, fakeBoundParameters) ?? Nothing;
            }
            catch (Exception)
            {
                // A completer that throws prints nothing useful and can break the user's line; complete nothing instead.
                return Nothing;
            }
        }

        /// <summary>What to offer for <paramref name="word"/>, typed so far without its quotes; null for nothing.</summary>
        internal abstract IEnumerable<CompletionResult>? Complete(ResolvedConnection connection, string parameterName, string word, bool quoted, IDictionary? fakeBoundParameters);
    }
}
