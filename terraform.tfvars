extra = "+config"
