using System;

namespace Losant.AccessTokens.Api
{
    /// <summary>Whose tokens a request is about: the caller's own, an application's or an instance's.</summary>
    public sealed class TokenOwner : IEquatable<TokenOwner>
    {
        /// <summary>The caller's own tokens.</summary>
        public static readonly TokenOwner Caller = new TokenOwner(TokenOwnerKind.Caller, null);

        private TokenOwner(TokenOwnerKind kind, string? id)
        {
            Kind = kind;
            Id = id;
        }

        /// <summary>Which kind of owner.</summary>
        public TokenOwnerKind Kind { get; }

        /// <summary>The application's or instance's id; null for the caller.</summary>
        public string? Id { get; }

        /// <summary>The tokens of the application with this id.</summary>
        public static TokenOwner Application(string applicationId) => new TokenOwner(TokenOwnerKind.Application, RequireId(applicationId, nameof(applicationId)));

        /// <summary>The tokens of the Enterprise instance with this id.</summary>
        public static TokenOwner Instance(string instanceId) => new TokenOwner(TokenOwnerKind.Instance, RequireId(instanceId, nameof(instanceId)));

        /// <inheritdoc />
        public bool Equals(TokenOwner? other) =>
            other != null && other.Kind == Kind && string.Equals(other.Id, Id, StringComparison.OrdinalIgnoreCase);

        /// <inheritdoc />
        public override bool Equals(object? obj) => Equals(obj as TokenOwner);

        /// <inheritdoc />
        public override int GetHashCode() => ((int)Kind * 397) ^ StringComparer.OrdinalIgnoreCase.GetHashCode(Id ?? string.Empty);

        /// <inheritdoc />
        public override string ToString() => Kind switch
        {
            TokenOwnerKind.Application => "application " + Id,
            TokenOwnerKind.Instance => "instance " + Id,
            _ => "the caller",
        };

        private static string RequireId(string id, string parameter) =>
            LosantId.IsValid(id) ? id : throw new ArgumentException($"'{id}' is not an id: an id is 24 hexadecimal characters.", parameter);
    }
}
