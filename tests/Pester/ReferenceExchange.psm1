# The contract's reference exchange, as one assertion on a request the emulator recorded:
# method, path, query flags, the three headers every request carries, and Content-Type exactly
# when a body is sent.

function Assert-ReferenceRequest {
    param(
        [Parameter(Mandatory)] $Request,
        [Parameter(Mandatory)] [string] $Method,
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $Query,
        [Parameter(Mandatory)] [string] $ApiToken,
        # The request carries a JSON body; with -Body, exactly that text.
        [switch] $WithBody,
        [string] $Body
    )
    $Request.method | Should -BeExactly $Method
    $Request.path | Should -BeExactly $Path
    $Request.query | Should -BeExactly $Query
    $Request.headers.Accept | Should -BeExactly 'application/json'
    $Request.headers.'Accept-Version' | Should -BeExactly '^1.3.7'
    $Request.headers.Authorization | Should -BeExactly "Bearer $ApiToken"
    if ($WithBody) {
        $Request.headers.'Content-Type' | Should -BeExactly 'application/json'
        if ($PSBoundParameters.ContainsKey('Body')) { $Request.body | Should -BeExactly $Body }
    }
    else {
        $Request.headers.PSObject.Properties.Name | Should -Not -Contain 'Content-Type'
        $Request.body | Should -BeNullOrEmpty
    }
}

Export-ModuleMember -Function Assert-ReferenceRequest
