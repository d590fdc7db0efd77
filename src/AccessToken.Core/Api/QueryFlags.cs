namespace Losant.AccessTokens.Api
{
    /// <summary>
    /// The <c>_actions</c>, <c>_links</c> and <c>_embedded</c> query flags. Every request sends
    /// all three; the defaults are the reference client's (false, true, true).
    /// </summary>
    /// <remarks>
    /// A class, not a struct: the cmdlets capture it in closures, and a closure with a field of an
    /// engine struct cannot be loaded before the engine is found, which Windows PowerShell 5.1
    /// may ask for while it imports the module, before the module's resolver is in place.
    /// </remarks>
    public sealed class QueryFlags
    {
        /// <summary>The flags with the reference client's defaults.</summary>
        public static QueryFlags Default { get; } = new QueryFlags(null, null, null);

        private readonly bool? _actions;
        private readonly bool? _links;
        private readonly bool? _embedded;

        /// <summary>Creates flags; null means the default.</summary>
        public QueryFlags(bool? actions, bool? links, bool? embedded)
        {
            _actions = actions;
            _links = links;
            _embedded = embedded;
        }

        /// <summary>Whether to ask for the resource's actions.</summary>
        public bool Actions => _actions ?? false;

        /// <summary>Whether to ask for the resource's links.</summary>
        public bool Links => _links ?? true;

        /// <summary>Whether to ask for embedded resources.</summary>
        public bool Embedded => _embedded ?? true;

        // Eight combinations in all: made once, not concatenated on every request.
        private static readonly string[] QueryStrings = MakeQueryStrings();

        /// <summary>The query string, e.g. <c>?_actions=false&amp;_links=true&amp;_embedded=true</c>.</summary>
        public string ToQueryString() => QueryStrings[(Actions ? 4 : 0) | (Links ? 2 : 0) | (Embedded ? 1 : 0)];

        private static string[] MakeQueryStrings()
        {
            var strings = new string[8];
            for (var bits = 0; bits < 8; bits++)
            {
                strings[bits] = "?_actions=" + Lower((bits & 4) != 0) + "&_links=" + Lower((bits & 2) != 0) + "&_embedded=" + Lower((bits & 1) != 0);
            }

            return strings;
        }

        private static string Lower(bool value) => value ? "true" : "false";
    }
}
