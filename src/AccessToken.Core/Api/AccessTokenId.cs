namespace Losant.AccessTokens.Api
{
    /// <summary>The form of an access token id: 24 hexadecimal characters.</summary>
    public static class AccessTokenId
    {
        /// <summary>The pattern, as the contract states it.</summary>
        public const string Pattern = "^[A-Fa-f0-9]{24}$";

        /// <summary>True when <paramref name="value"/> is 24 hexadecimal characters.</summary>
        public static bool IsValid(string? value)
        {
            if (value == null || value.Length != 24) return false;
            foreach (var c in value)
            {
                var hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                if (!hex) return false;
            }

            return true;
        }
    }
}
