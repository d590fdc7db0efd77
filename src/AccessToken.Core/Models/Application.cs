namespace Losant.AccessTokens.Models
{
    /// <summary>A Losant application, as far as the module needs it: whose tokens to list, and its name.</summary>
    public sealed class Application
    {
        internal Application(string id, string? name)
        {
            Id = id;
            Name = name;
        }

        /// <summary>The application's id: 24 hexadecimal characters.</summary>
        public string Id { get; }

        /// <summary>The application's name.</summary>
        public string? Name { get; }

        /// <inheritdoc />
        public override string ToString() => Name ?? Id;
    }
}
