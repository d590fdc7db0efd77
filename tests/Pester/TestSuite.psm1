# What the Pester suites share: the environment each suite sets for itself and gives back, a clean
# connection to a fresh emulator, the recorded list requests with their page numbers, and a cmdlet
# run in a PowerShell instance of its own, to read its progress or stop it.
# Enter-TestSuite imports EmulatorControl.psm1 and the module under test for the whole session.

Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1')

# The query flags every request carries by default, and the query of a list's first page.
$DefaultFlags = '?_actions=false&_links=true&_embedded=true'
$FirstPageQuery = "$DefaultFlags&page=0&perPage=100"

# The caller's five seeded tokens, in order: /me/tokens and the seed's /access-tokens (API 1.3.7)
# hold the same ids. The first three by name, and an id no collection holds.
$UserTokens = @(1..5 | Get-EmulatorSeedId)
$FirstId, $SecondId, $ThirdId = $UserTokens[0..2]
$MissingId = '5a00000000000000000000ff'

function Set-TestEnvironment {
    <# Sets LOSANT_API_VERSION to -ApiVersion (none: today's API, the default) and clears every -Clear variable; returns what each held, for Restore-TestEnvironment. A suite sets what it needs in BeforeAll and gives it back in AfterAll, so no suite depends on another's. #>
    [CmdletBinding()]
    param([string] $ApiVersion, [string[]] $Clear = @())
    $saved = @{}
    foreach ($name in @('LOSANT_API_VERSION') + $Clear) {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
        [Environment]::SetEnvironmentVariable($name, $null)
    }
    if ($ApiVersion) { $env:LOSANT_API_VERSION = $ApiVersion }
    $saved
}

function Restore-TestEnvironment {
    <# Gives back the environment variables Set-TestEnvironment replaced. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [hashtable] $Saved)
    foreach ($name in $Saved.Keys) { [Environment]::SetEnvironmentVariable($name, $Saved[$name]) }
}

function Enter-TestSuite {
    <# Starts an emulator (with -ApiToken, if given; serving HTTPS with a certificate of its own with -Https) and connects to it under -ApiVersion (none: today's API), with nothing from the developer's environment (LOSANT_API_TOKEN, LOSANT_API_URL, and each -Clear variable); -NoConnection leaves the session unconnected. Sets $Emulator (its description) and $Connection (the parameters that connect one call to it) in the calling script's scope, for the suite's tests, and returns what Exit-TestSuite needs. #>
    [CmdletBinding()]
    param([string] $ApiVersion, [string] $ApiToken, [switch] $Https, [string[]] $Clear = @(), [switch] $NoConnection)
    Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1') -Global -Force
    Import-Module $env:ACCESSTOKEN_TEST_MODULE -Global -Force
    $start = @{}
    if ($ApiToken) { $start.ApiToken = $ApiToken }
    if ($Https) { $start.Https = $true }
    $state = [pscustomobject]@{
        Emulator = Start-Emulator @start
        Saved    = Set-TestEnvironment -ApiVersion $ApiVersion -Clear (@('LOSANT_API_TOKEN', 'LOSANT_API_URL') + $Clear)
    }
    # The parameters that connect a single call to the emulator, for suites that start unconnected.
    $state | Add-Member -NotePropertyName Connection -NotePropertyValue @{ ApiToken = $state.Emulator.SecureApiToken; BaseUri = $state.Emulator.Url }
    $script:SuiteEmulator = $state.Emulator
    # What the tests of every suite read, set once here instead of in each suite.
    $PSCmdlet.SessionState.PSVariable.Set('script:Emulator', $state.Emulator)
    $PSCmdlet.SessionState.PSVariable.Set('script:Connection', $state.Connection)
    if (-not $NoConnection) { Connect-Losant -ApiToken $state.Emulator.SecureApiToken -BaseUri $state.Emulator.Url }
    $state
}

function Exit-TestSuite {
    <# Disconnects, gives the environment back and stops the emulator. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $State)
    Disconnect-Losant
    Restore-TestEnvironment $State.Saved
    Stop-Emulator $State.Emulator
}

function Connect-CurrentApi {
    <# Connects the session to the emulator with the default API version, today's; Connect-Losant also empties the completion cache. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator)
    $env:LOSANT_API_VERSION = $null
    Connect-Losant -ApiToken $Emulator.SecureApiToken -BaseUri $Emulator.Url
}

function Get-Request {
    <# Every request the suite's emulator (or -Emulator) recorded, in arrival order. #>
    [CmdletBinding()]
    param($Emulator = $script:SuiteEmulator)
    @(Get-EmulatorRequest $Emulator)
}

function Assert-Request {
    <# One recorded request on the wire: method, path, query flags, the headers every request carries (Accept-Version ^-ApiVersion, the bearer token unless it is the sign-in) and Content-Type exactly when a JSON body is sent. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Request,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Query = $script:DefaultFlags,
        # The token sent as 'Authorization: Bearer'; none for the sign-in, which must send no Authorization header.
        [Alias('ApiToken')] [string] $Bearer,
        # The exact JSON text of the body.
        [string] $Body,
        # A JSON body is sent, whatever its text.
        [switch] $WithBody,
        # The version the request asks for in Accept-Version; today's by default.
        [string] $ApiVersion = '1.30.0'
    )
    $Request.method | Should -BeExactly $Method
    $Request.path | Should -BeExactly $Path
    $Request.query | Should -BeExactly $Query
    $headers = $Request.headers
    $headers.Accept | Should -BeExactly 'application/json'
    $headers.'Accept-Version' | Should -BeExactly "^$ApiVersion"
    if ($Bearer) { $headers.Authorization | Should -BeExactly "Bearer $Bearer" }
    else { $headers.PSObject.Properties.Name | Should -Not -Contain 'Authorization' }
    if ($WithBody -or $Body) {
        $headers.'Content-Type' | Should -BeExactly 'application/json'
        if ($PSBoundParameters.ContainsKey('Body')) { $Request.body | Should -BeExactly $Body }
    }
    else {
        $headers.PSObject.Properties.Name | Should -Not -Contain 'Content-Type'
        $Request.body | Should -BeNullOrEmpty
    }
}

function Assert-OnlyRequest {
    <# The suite's emulator recorded one request, and it is -Method -Path with the default query flags, the suite's API token as bearer and exactly -Body (none: no body). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Method, [Parameter(Mandatory)] [string] $Path, [string] $Body)
    $requests = Get-Request
    $requests.Count | Should -Be 1
    Assert-Request $requests[0] -Method $Method -Path $Path -Bearer $script:SuiteEmulator.ApiToken -Body $Body
}

function Assert-Refused {
    <# -Failures hold one ErrorRecord for each of -Target, in order (one, whatever its target, without -Target): -ErrorId of -Cmdlet (of any cmdlet without -Cmdlet), in category InvalidArgument, with that target as TargetObject. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [AllowNull()] [AllowEmptyCollection()] [object[]] $Failures,
        [Parameter(Mandatory)] [string] $ErrorId,
        [string] $Cmdlet,
        [AllowNull()] [AllowEmptyCollection()] [object[]] $Target
    )
    $fullId = if ($Cmdlet) { "$ErrorId,Losant.AccessTokens.Commands.$($Cmdlet -replace '-')Command" } else { "$ErrorId,*" }
    $count = if ($PSBoundParameters.ContainsKey('Target')) { @($Target).Count } else { 1 }
    @($Failures).Count | Should -Be $count
    for ($i = 0; $i -lt $count; $i++) {
        $Failures[$i].FullyQualifiedErrorId | Should -BeLikeExactly $fullId
        $Failures[$i].CategoryInfo.Category | Should -Be 'InvalidArgument'
        if ($PSBoundParameters.ContainsKey('Target')) { $Failures[$i].TargetObject | Should -BeExactly @($Target)[$i] }
    }
}

function Get-StoredToken {
    <# The token -Id as -Emulator stores it, secret included: in the seed's /access-tokens (API 1.3.7), or in today's -Collection (/me/tokens, /applications/<id>/tokens, /instances/<id>/tokens). #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Id, [string] $Collection)
    Get-StoredTokenList $Emulator $Collection | Where-Object id -EQ $Id
}

function Get-StoredId {
    <# The ids of the tokens the suite's emulator stores, in its order: in the seed's /access-tokens (API 1.3.7), or in today's -Collection. #>
    [CmdletBinding()]
    param([string] $Collection)
    @((Get-StoredTokenList $script:SuiteEmulator $Collection).id)
}

function Get-StoredTokenList($Emulator, [string] $Collection) {
    if ($Collection) { Get-EmulatorApiToken $Emulator -Path $Collection } else { Get-EmulatorToken $Emulator }
}

function Get-CompletionMatch {
    <# What Tab completion offers at the end of -Line, as PowerShell's own TabExpansion2 works it out. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Line)
    (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
}

function Get-CurrentStore {
    <# Every token collection of the emulator in today's shape, secrets included, as one JSON text: equal before and after means nothing changed. #>
    param([Parameter(Mandatory)] $Emulator)
    $collections = @('/me/tokens') + @((Get-EmulatorApplication $Emulator).tokensPath) + @((Get-EmulatorInstance $Emulator).tokensPath)
    $store = [ordered]@{}
    foreach ($collection in $collections) { $store[$collection] = @(Get-EmulatorApiToken $Emulator -Path $collection) }
    $store | ConvertTo-Json -Depth 8 -Compress
}

function Assert-NoChange {
    <# Runs -Command and asserts that it emitted nothing, that the suite's emulator recorded no request and that every token collection is as it was. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $Command)
    $before = Get-CurrentStore $script:SuiteEmulator
    $output = @(& $Command)
    $output.Count | Should -Be 0
    @(Get-Request).Count | Should -Be 0
    Get-CurrentStore $script:SuiteEmulator | Should -BeExactly $before
}

function Invoke-EmulatorApi {
    <# Calls the emulator's API directly, behind the module's back, as another user or tool would: -Path with its query, -Body sent as JSON. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path, [string] $Method = 'Get', $Body)
    $call = @{ Method = $Method; Uri = "$($Emulator.Url)$Path"; Headers = @{ Authorization = "Bearer $($Emulator.ApiToken)" } }
    if ($PSBoundParameters.ContainsKey('Body')) { $call.Body = ConvertTo-Json -InputObject $Body -Depth 10; $call.ContentType = 'application/json' }
    Invoke-RestMethod @call
}

function Get-ListRequest {
    <# The recorded GET requests of one path (default /me/tokens), in arrival order, each with its Page number and arrival time At. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [string] $Path = '/me/tokens')
    foreach ($request in Get-EmulatorRequest $Emulator) {
        if ($request.method -ne 'GET' -or $request.path -ne $Path) { continue }
        $page = if ($request.query -match '[?&]page=(\d+)(&|$)') { [int]$Matches[1] } else { $null }
        $request | Add-Member -NotePropertyMembers @{ Page = $page; At = [DateTimeOffset]$request.receivedAt } -PassThru
    }
}

function New-CmdletRunspace {
    <# A PowerShell instance, not yet started, that imports the module under test and runs -Script; it uses the session's connection, which is the process's. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Script)
    $instance = [powershell]::Create()
    $null = $instance.AddScript("Import-Module '$env:ACCESSTOKEN_TEST_MODULE'; $Script")
    $instance
}

function Invoke-CmdletRunspace {
    <# Runs -Script in a PowerShell instance of its own and returns its Output, Errors and Progress records. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Script)
    $instance = New-CmdletRunspace $Script
    try {
        $output = $instance.Invoke()
        [pscustomobject]@{ Output = @($output); Errors = @($instance.Streams.Error); Progress = @($instance.Streams.Progress) }
    }
    finally { $instance.Dispose() }
}

function Wait-RunspaceStall {
    <# Runs -Script in a PowerShell instance until the emulator has recorded -Count requests and -SettleMs more have passed, then stops it; anything more the script were to ask for would have arrived by then. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [int] $Count, [int] $SettleMs = 700)
    $instance = New-CmdletRunspace $Script
    try {
        $null = $instance.BeginInvoke()
        $seen = Wait-EmulatorRequest $Emulator -Count $Count
        if ($seen -lt $Count) { throw "Only $seen of $Count requests arrived." }
        Start-Sleep -Milliseconds $SettleMs
    }
    finally {
        $instance.Stop()
        $instance.Dispose()
    }
}

function Measure-RunspaceStop {
    <# Runs -Script in a PowerShell instance, waits until the emulator has recorded -Count requests, stops it as Ctrl+C would, and returns how long the stop took. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Script, [int] $Count = 1)
    $instance = New-CmdletRunspace $Script
    try {
        $async = $instance.BeginInvoke()
        $seen = Wait-EmulatorRequest $Emulator -Count $Count
        if ($seen -lt $Count) { throw "Only $seen of $Count requests arrived before the stop." }
        # Let the cmdlet settle into its wait for the answer that never comes.
        Start-Sleep -Milliseconds 200
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $instance.Stop()
        $clock.Stop()
        if (-not $async.IsCompleted) { throw 'The instance had not ended when Stop returned.' }
        $clock.Elapsed
    }
    finally { $instance.Dispose() }
}

function Get-ErrorRecord {
    <# The ErrorRecords a script block writes or throws, in order; its other output is dropped. #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [scriptblock] $ScriptBlock)
    try {
        & $ScriptBlock 2>&1 | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
    }
    catch {
        $_
    }
}

Export-ModuleMember -Function Set-TestEnvironment, Restore-TestEnvironment, Enter-TestSuite, Exit-TestSuite, Connect-CurrentApi, Get-Request, Assert-Request, Assert-OnlyRequest, Assert-Refused, Get-StoredToken,
    Get-StoredId, Get-CompletionMatch, Get-CurrentStore, Assert-NoChange, Invoke-EmulatorApi, Get-ListRequest, New-CmdletRunspace, Invoke-CmdletRunspace, Wait-RunspaceStall, Measure-RunspaceStop, Get-ErrorRecord -Variable DefaultFlags, FirstPageQuery,
    UserTokens, FirstId, SecondId, ThirdId, MissingId
