# Starts, steers and reads the AccessToken emulator (tests/AccessToken.Emulator), a real HTTP
# server on loopback. Used by the Pester tests, the demo and the benchmark, in PowerShell 7 and
# in Windows PowerShell 5.1 alike.

# Starting and stopping the processes, and the test proxy's records.
Import-Module (Join-Path $PSScriptRoot 'EmulatorProcess.psm1')

function Invoke-EmulatorControl {
    <# Calls a /_emulator/ endpoint: -Path is what follows /_emulator, -Body an object sent as JSON; trusts the HTTPS mode's own certificate. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Method = 'Get',
        $Body
    )
    $call = @{ Method = $Method; Uri = "$($Emulator.Url)/_emulator$Path" }
    if ($PSBoundParameters.ContainsKey('Body')) {
        $call.Body = if ($Body -is [string]) { $Body } else { ConvertTo-Json -InputObject $Body -Depth 10 -Compress }
        $call.ContentType = 'application/json'
    }
    Invoke-EmulatorRestMethod $Emulator $call
}

function Reset-Emulator {
    <# Restores every seed and turns every mode off: requests, faults, config, user, rate limit, mutations, connection counts. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [int] $SeedCount = 0)
    $body = if ($SeedCount -gt 0) { @{ seedCount = $SeedCount } } else { '{}' }
    Invoke-EmulatorControl $Emulator /reset -Method Post -Body $body | Out-Null
}

function Get-EmulatorRequest {
    <# The API requests the emulator received, in arrival order. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    $requests = Invoke-EmulatorControl $Emulator /requests
    foreach ($request in $requests) { $request }
}

function Clear-EmulatorRequest {
    <# Forgets the recorded requests; numbering restarts at 1. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator /requests -Method Delete | Out-Null
}

function Get-EmulatorToken {
    <# The emulator's whole store, secrets included. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    (Invoke-EmulatorControl $Emulator /tokens).items
}

function Set-EmulatorFault {
    <# Replaces the fault rules; each rule is a hashtable as the emulator's /_emulator/faults takes it. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [hashtable[]] $Rule)
    $body = ConvertTo-Json -InputObject @($Rule) -Depth 5
    Invoke-EmulatorControl $Emulator /faults -Method Post -Body $body | Out-Null
}

function Clear-EmulatorFault {
    <# Removes every fault rule. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator /faults -Method Delete | Out-Null
}

function Set-EmulatorConfig {
    <# Turns request recording on or off and sets a latency added to every answer. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [bool] $Record = $true, [int] $LatencyMs = 0)
    Invoke-EmulatorControl $Emulator /config -Method Post -Body @{ record = $Record; latencyMs = $LatencyMs } | Out-Null
}

function Get-EmulatorSeedId {
    <# The seeded ids, 1-based: user tokens (default -Kind Token), applications, instances, and -Owner's application or instance tokens. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory, ValueFromPipeline)] [int] $Number,
        [ValidateSet('Token', 'Application', 'Instance', 'ApplicationToken', 'InstanceToken')] [string] $Kind = 'Token',
        # For ApplicationToken and InstanceToken: the owner's number.
        [int] $Owner = 1
    )
    process {
        switch ($Kind) {
            'Token' { '5a' + $Number.ToString('x22') }
            'Application' { '5b' + $Number.ToString('x22') }
            'Instance' { '5d' + $Number.ToString('x22') }
            'ApplicationToken' { '5c' + $Owner.ToString('x10') + $Number.ToString('x12') }
            'InstanceToken' { '5e' + $Owner.ToString('x10') + $Number.ToString('x12') }
        }
    }
}

function Wait-EmulatorRequest {
    <# Waits until the emulator has recorded at least -Count API requests, or -TimeoutSec passes; returns the count. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [int] $Count = 1, [int] $TimeoutSec = 20)
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSec)
    while (($seen = @(Get-EmulatorRequest $Emulator).Count) -lt $Count -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
    $seen
}

function Set-EmulatorOwner {
    # Applications and instances are seeded alike; a negative count asks for the built-in seed.
    param($Emulator, [string] $Endpoint, [int] $Count, [int] $TokensEach)
    $body = if ($Count -ge 0) { @{ count = $Count; tokensEach = $TokensEach } } else { '' }
    (Invoke-EmulatorControl $Emulator $Endpoint -Method Post -Body $body).items
}

function Set-EmulatorApplication {
    <# Replaces the applications with -Count generated ones of -TokensEach tokens each; without -Count restores the three seeded ones. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [int] $Count = -1, [int] $TokensEach = 0)
    Set-EmulatorOwner $Emulator /applications $Count $TokensEach
}

function Get-EmulatorApplication {
    <# The applications: id, name, tokensPath, tokenCount. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    (Invoke-EmulatorControl $Emulator /applications).items
}

function Set-EmulatorInstance {
    <# Replaces the instances with -Count generated ones of -TokensEach tokens each; without -Count restores the seeded one. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [int] $Count = -1, [int] $TokensEach = 0)
    Set-EmulatorOwner $Emulator /instances $Count $TokensEach
}

function Get-EmulatorInstance {
    <# The instances: id, name, tokensPath, tokenCount. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    (Invoke-EmulatorControl $Emulator /instances).items
}

function Get-EmulatorApiToken {
    <# One token collection (/me/tokens, /applications/<id>/tokens, /instances/<id>/tokens) in today's shape, secrets included. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $Path = '/me/tokens')
    (Invoke-EmulatorControl $Emulator "/tokens?collection=$([uri]::EscapeDataString($Path))").items
}

function Set-EmulatorUser {
    <# Changes the user POST /auth/user signs in: -Email, -Password, -TwoFactorCode to require a code, -NoTwoFactor to stop requiring one. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $Email, [string] $Password, [string] $TwoFactorCode, [switch] $NoTwoFactor)
    $body = @{}
    if ($Email) { $body.email = $Email }
    if ($Password) { $body.password = $Password }
    if ($TwoFactorCode) { $body.twoFactorCode = $TwoFactorCode }
    if ($NoTwoFactor) { $body.twoFactorCode = $null }
    Invoke-EmulatorControl $Emulator /user -Method Post -Body $body
}

function Get-EmulatorUser {
    <# The sign-in user and counters: userId, email, twoFactorRequired, signIns, refusals, issuedTokens. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator /user
}

function ConvertTo-RetryAfterField([string] $RetryAfter) {
    # 'none' sends no Retry-After; a number of seconds goes as a number.
    if ($RetryAfter -eq 'none') { 'none' } else { [int]$RetryAfter }
}

function Set-EmulatorRateLimit {
    <# Turns rate limiting on (token bucket of -Burst requests refilled at -RequestsPerSecond, shared by every client of the emulator) and zeroes its counters. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [double] $RequestsPerSecond,
        [int] $Burst = 1,
        # Seconds sent as Retry-After with each 429, or 'none' for no Retry-After; without it, the time until a request would pass (at least 1).
        [ValidatePattern('^(none|\d+)$')] [string] $RetryAfter,
        [bool] $Headers = $true,
        [switch] $LegacyHeaders
    )
    $body = @{ requestsPerSecond = $RequestsPerSecond; burst = $Burst; headers = $Headers; legacyHeaders = [bool]$LegacyHeaders }
    if ($RetryAfter) { $body.retryAfter = ConvertTo-RetryAfterField $RetryAfter }
    Invoke-EmulatorControl $Emulator /ratelimit -Method Post -Body $body
}

function Update-EmulatorRateLimit {
    <# Changes the limit in force while clients run against it: the bucket keeps what it holds and the counters go on. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [double] $RequestsPerSecond,
        [int] $Burst,
        [ValidatePattern('^(none|\d+)$')] [string] $RetryAfter
    )
    $body = @{}
    if ($PSBoundParameters.ContainsKey('RequestsPerSecond')) { $body.requestsPerSecond = $RequestsPerSecond }
    if ($PSBoundParameters.ContainsKey('Burst')) { $body.burst = $Burst }
    if ($RetryAfter) { $body.retryAfter = ConvertTo-RetryAfterField $RetryAfter }
    Invoke-EmulatorControl $Emulator /ratelimit -Method Patch -Body $body
}

function Get-EmulatorRateLimit {
    <# The rate-limit settings and counters: enabled, allowed, refused, and the settings while enabled. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator /ratelimit
}

function Clear-EmulatorRateLimit {
    <# Turns rate limiting off; the counters stay readable. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator /ratelimit -Method Delete
}

function Add-EmulatorMutation {
    <# Adds -Add tokens and removes the -Remove oldest and -RemoveId tokens of collection -Path: now, or once page -AfterPage of a list of it has been taken. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Path,
        [Nullable[int]] $AfterPage,
        [int] $Add = 0,
        [int] $Remove = 0,
        [string[]] $RemoveId = @()
    )
    $body = @{ path = $Path; add = $Add; remove = $Remove; removeIds = @($RemoveId) }
    if ($null -ne $AfterPage) { $body.afterPage = $AfterPage }
    Invoke-EmulatorControl $Emulator /mutations -Method Post -Body $body
}

function Get-EmulatorMutation {
    <# The armed mutations and whether each has fired. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    $mutations = Invoke-EmulatorControl $Emulator /mutations
    foreach ($mutation in $mutations) { $mutation }
}

function Clear-EmulatorMutation {
    <# Disarms every mutation that has not fired. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator /mutations -Method Delete | Out-Null
}

function Get-EmulatorConnection {
    <# Connection counts since start or the last reset: https, connections, handshakesCompleted, handshakesFailed. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator /connections
}

function Clear-EmulatorConnection {
    <# Zeroes the connection counts. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    Invoke-EmulatorControl $Emulator /connections -Method Delete | Out-Null
}

function Get-EmulatorCertificate {
    <# The HTTPS mode's certificate as an X509Certificate2 (public part only); nothing when the emulator serves plain HTTP. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    $answer = Invoke-EmulatorControl $Emulator /certificate
    # From the PEM's base64 body: X509Certificate2.CreateFromPem is not in .NET Framework.
    if ($answer.https) { [System.Security.Cryptography.X509Certificates.X509Certificate2]::new([Convert]::FromBase64String(($answer.pem -replace '-----[A-Z ]+-----', '' -replace '\s', ''))) }
}

Export-ModuleMember -Function Start-TestProxy, Get-ProxyRequest, Clear-ProxyRequest, Stop-TestProxy, Start-Emulator, Get-EmulatorSeedId, Wait-EmulatorRequest, Stop-Emulator, Reset-Emulator, Get-EmulatorRequest, Clear-EmulatorRequest,
    Get-EmulatorToken, Set-EmulatorFault, Clear-EmulatorFault, Set-EmulatorConfig, Invoke-EmulatorControl,
    Set-EmulatorApplication, Get-EmulatorApplication, Set-EmulatorInstance, Get-EmulatorInstance, Get-EmulatorApiToken,
    Set-EmulatorUser, Get-EmulatorUser, Set-EmulatorRateLimit, Update-EmulatorRateLimit, Get-EmulatorRateLimit, Clear-EmulatorRateLimit,
    Add-EmulatorMutation, Get-EmulatorMutation, Clear-EmulatorMutation, Get-EmulatorConnection, Clear-EmulatorConnection,
    Get-EmulatorCertificate
