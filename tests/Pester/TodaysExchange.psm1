# Today's API (1.30) on the wire, as one assertion on a request the emulator recorded: method,
# path, the query flags, the headers every request carries (Accept-Version ^1.30.0, and the
# bearer token unless it is the sign-in), and the body to the letter.

Import-Module (Join-Path $PSScriptRoot '../EmulatorControl.psm1')

# The query flags every request carries when no -Actions, -Links or -Embedded is given.
$script:DefaultQuery = '?_actions=false&_links=true&_embedded=true'

function Assert-TodaysRequest {
    param(
        [Parameter(Mandatory)] $Request,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [string] $Query = $script:DefaultQuery,
        # The token sent as 'Authorization: Bearer'; none for the sign-in, which must send no Authorization header.
        [string] $Bearer,
        # The exact JSON text; none for requests without a body, which must send no Content-Type.
        [string] $Body
    )
    $Request.method | Should -BeExactly $Method
    $Request.path | Should -BeExactly $Path
    $Request.query | Should -BeExactly $Query
    $headers = $Request.headers
    $headers.Accept | Should -BeExactly 'application/json'
    $headers.'Accept-Version' | Should -BeExactly '^1.30.0'
    if ($Bearer) { $headers.Authorization | Should -BeExactly "Bearer $Bearer" }
    else { $headers.PSObject.Properties.Name | Should -Not -Contain 'Authorization' }
    if ($Body) {
        $headers.'Content-Type' | Should -BeExactly 'application/json'
        $Request.body | Should -BeExactly $Body
    }
    else {
        $headers.PSObject.Properties.Name | Should -Not -Contain 'Content-Type'
        $Request.body | Should -BeNullOrEmpty
    }
}

function Get-TodaysStore {
    <# Every token collection of the emulator in today's shape, secrets included, as one JSON text: equal before and after means nothing changed. #>
    param([Parameter(Mandatory)] $Emulator)
    $collections = @('/me/tokens') + @((Get-EmulatorApplication $Emulator).tokensPath) + @((Get-EmulatorInstance $Emulator).tokensPath)
    $store = [ordered]@{}
    foreach ($collection in $collections) { $store[$collection] = @(Get-EmulatorApiToken $Emulator -Path $collection) }
    $store | ConvertTo-Json -Depth 8 -Compress
}

function Get-TodaysQuery {
    <# The query flags of a request made without -Actions, -Links or -Embedded. #>
    $script:DefaultQuery
}

Export-ModuleMember -Function Assert-TodaysRequest, Get-TodaysStore, Get-TodaysQuery
